//! Property tests over random construct trees (proptest): whatever tree a user builds, synthesis writes
//! valid JSON with keys in UTF-16 order at every level, logical ids equal to cdktf's `makeUniqueId` (a
//! port of cdktf's TypeScript below, independent of konductor-core's), literal text that Terraform reads
//! back as the same text, the same bytes twice, and, when problems are planted in the tree, an error that
//! reports every one of them (and nothing else) while writing nothing.

use std::collections::BTreeSet;

use konductor::prelude::*;
use konductor::Val;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------------------
// cdktf's makeUniqueId (packages/cdktf/lib/private/unique.ts), ported line by line.

/// `removeNonAllowedSpecialCharacters`: keeps `[A-Za-z0-9_-]`.
fn remove_non_allowed(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

/// `removeDupes`: drops a component when the last one kept ends with it.
fn remove_dupes(path: &[&str]) -> Vec<String> {
    let mut ret: Vec<String> = Vec::new();
    for c in path {
        if !ret.last().is_some_and(|last| last.ends_with(c)) {
            ret.push(c.to_string());
        }
    }
    ret
}

/// `makeUniqueId(components)`.
fn reference_unique_id(components: &[&str]) -> String {
    let components: Vec<&str> = components.iter().copied().filter(|c| *c != "Default").collect();
    if components.len() == 1 {
        let candidate = remove_non_allowed(components[0]);
        if candidate.len() <= 255 {
            return candidate;
        }
    }
    let digest = md5_hex(components.join("/").as_bytes());
    let human: String = remove_dupes(&components)
        .iter()
        .filter(|c| *c != "Resource")
        .map(|c| remove_non_allowed(c))
        .collect::<Vec<_>>()
        .join("_");
    let human: String = human.chars().take(240).collect();
    format!("{human}_{}", digest[..8].to_uppercase())
}

/// MD5 (RFC 1321) as lowercase hex, written out here so the reference shares no code with konductor.
fn md5_hex(input: &[u8]) -> String {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
        20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6,
        10, 15, 21,
    ];
    let k: Vec<u32> = (0..64).map(|i: i32| ((f64::from(i + 1)).sin().abs() * 4_294_967_296.0) as u32).collect();
    let mut msg = input.to_vec();
    let bit_len = (input.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_le_bytes());
    let (mut a0, mut b0, mut c0, mut d0) = (0x6745_2301u32, 0xefcd_ab89u32, 0x98ba_dcfeu32, 0x1032_5476u32);
    for chunk in msg.chunks(64) {
        let m: Vec<u32> = chunk.chunks(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect();
        let (mut a, mut b, mut c, mut d) = (a0, b0, c0, d0);
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(m[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f.rotate_left(S[i]));
        }
        a0 = a0.wrapping_add(a);
        b0 = b0.wrapping_add(b);
        c0 = c0.wrapping_add(c);
        d0 = d0.wrapping_add(d);
    }
    [a0, b0, c0, d0].iter().flat_map(|w| w.to_le_bytes()).map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_reference_reproduces_the_design_vectors() {
    assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
    assert_eq!(reference_unique_id(&["env1", "vpc"]), "env1_vpc_9613614C");
    assert_eq!(reference_unique_id(&["env1", "subnet-public-a"]), "env1_subnet-public-a_7A210AE6");
    assert_eq!(reference_unique_id(&["Outer", "Inner", "Deep", "Resource"]), "Outer_Inner_Deep_A91D5B6C");
    assert_eq!(reference_unique_id(&["Outer", "Inner", "Default"]), "Outer_Inner_590FD8F7");
    assert_eq!(reference_unique_id(&["main-vpc"]), "main-vpc");
}

// ---------------------------------------------------------------------------------------------------------
// JSON read with its key order kept (serde_json's own map sorts keys, which would hide the order written).

#[derive(Debug)]
enum J {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }

    fn entries(&self) -> &[(String, J)] {
        match self {
            J::Obj(entries) => entries,
            _ => &[],
        }
    }
}

/// A strict JSON reader that keeps key order and reads numbers from their text with Rust's exact parser
/// (serde_json's map sorts keys, and its default float parser may miss the last bit).
struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at byte {}", self.i))
    }

    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\n' | b'\r' | b'\t') {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> Result<(), String> {
        if self.b[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            Ok(())
        } else {
            self.err(&format!("expected {lit}"))
        }
    }

    /// The items of an object or array after its opening bracket, up to `close`.
    fn items(&mut self, close: u8, mut item: impl FnMut(&mut Self) -> Result<(), String>) -> Result<(), String> {
        self.i += 1;
        self.ws();
        if self.b.get(self.i) == Some(&close) {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            item(self)?;
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(c) if *c == close => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.err("expected `,` or a closing bracket"),
            }
        }
    }

    fn value(&mut self) -> Result<J, String> {
        self.ws();
        Ok(match self.b.get(self.i) {
            Some(b'{') => {
                let mut entries = Vec::new();
                self.items(b'}', |r| {
                    let k = r.string()?;
                    r.ws();
                    r.eat(":")?;
                    entries.push((k, r.value()?));
                    Ok(())
                })?;
                J::Obj(entries)
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.items(b']', |r| {
                    items.push(r.value()?);
                    Ok(())
                })?;
                J::Arr(items)
            }
            Some(b'"') => J::Str(self.string()?),
            Some(b't') => self.eat("true").map(|()| J::Bool(true))?,
            Some(b'f') => self.eat("false").map(|()| J::Bool(false))?,
            Some(b'n') => self.eat("null").map(|()| J::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return self.err("expected a value"),
        })
    }

    fn number(&mut self) -> Result<J, String> {
        let start = self.i;
        while self.i < self.b.len() && matches!(self.b[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("");
        if let Ok(i) = text.parse::<i128>() {
            return Ok(J::Int(i));
        }
        // Grammar checks the Rust parser does not make (it takes `1.`, `.5`, `01`, `inf`).
        let digits = text.strip_prefix('-').unwrap_or(text);
        let int_part = digits.split(['.', 'e', 'E']).next().unwrap_or("");
        let frac_ok = digits.split(['e', 'E']).next().is_some_and(|m| !m.ends_with('.'));
        if int_part.is_empty() || (int_part.len() > 1 && int_part.starts_with('0')) || !frac_ok {
            return self.err(&format!("bad number {text}"));
        }
        text.parse::<f64>().map(J::Float).or_else(|_| self.err(&format!("bad number {text}")))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let v = self.b.get(self.i..self.i + 4).and_then(|h| u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        self.i += 4;
        v.map_or_else(|| self.err("bad \\u escape"), Ok)
    }

    fn string(&mut self) -> Result<String, String> {
        self.eat("\"")?;
        let mut out = String::new();
        loop {
            let Some(&c) = self.b.get(self.i) else { return self.err("unterminated string") };
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.i += 2;
                    match self.b.get(self.i - 1) {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let cp = if (0xD800..0xDC00).contains(&hi) {
                                self.eat("\\u")?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return self.err("lone surrogate");
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(cp).map_or_else(|| self.err("lone surrogate"), Ok)?);
                        }
                        _ => return self.err("bad escape"),
                    }
                }
                0..=0x1f => return self.err("control character in a string"),
                _ => {
                    let len = match c {
                        0xF0..=0xF7 => 4,
                        0xE0..=0xEF => 3,
                        0xC0..=0xDF => 2,
                        _ => 1,
                    };
                    let s = self.b.get(self.i..self.i + len).and_then(|s| std::str::from_utf8(s).ok());
                    out.push_str(s.map_or_else(|| self.err("invalid UTF-8"), Ok)?);
                    self.i += len;
                }
            }
        }
    }
}

/// Parses `bytes` as exactly one JSON document, which serde_json must accept too.
fn parse(bytes: &[u8]) -> Result<J, String> {
    serde_json::from_slice::<serde_json::Value>(bytes).map_err(|e| format!("serde_json refuses it: {e}"))?;
    let mut r = Reader { b: bytes, i: 0 };
    let v = r.value()?;
    r.ws();
    if r.i != bytes.len() {
        return r.err("trailing text");
    }
    Ok(v)
}

/// Every object's keys strictly increase by UTF-16 code unit (so none repeats); `Err` names the first pair
/// out of order.
fn keys_in_utf16_order(v: &J, at: &str) -> Result<(), String> {
    match v {
        J::Obj(entries) => {
            for w in entries.windows(2) {
                if w[0].0.encode_utf16().cmp(w[1].0.encode_utf16()) != std::cmp::Ordering::Less {
                    return Err(format!("at {at}: {:?} before {:?}", w[0].0, w[1].0));
                }
            }
            entries.iter().try_for_each(|(k, v)| keys_in_utf16_order(v, &format!("{at}.{k}")))
        }
        J::Arr(items) => items.iter().enumerate().try_for_each(|(i, v)| keys_in_utf16_order(v, &format!("{at}.{i}"))),
        _ => Ok(()),
    }
}

/// What Terraform reads from a JSON string: a template in which `$${` and `%%{` are literal `${` and `%{`;
/// `Err` when the text holds an interpolation or directive (literal text turned into syntax).
fn terraform_reads(written: &str) -> Result<String, String> {
    let chars: Vec<char> = written.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let at = |j: usize| chars.get(i + j).copied();
        match (chars[i], at(1), at(2)) {
            ('$', Some('$'), Some('{')) | ('%', Some('%'), Some('{')) => {
                out.push(chars[i]);
                out.push('{');
                i += 3;
            }
            ('$' | '%', Some('{'), _) => return Err(format!("{written:?} holds Terraform syntax at {i}")),
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------------------
// The model: a random construct tree, built into an App.

/// A literal attribute value.
#[derive(Clone, Debug)]
enum Lit {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Lit>),
    Map(Vec<(String, Lit)>),
}

impl Lit {
    fn to_val(&self) -> Val {
        match self {
            Lit::Bool(b) => Val::Bool(*b),
            Lit::Int(i) => Val::Int(*i),
            Lit::Float(f) => Val::Float(*f),
            Lit::Str(s) => Val::str(s.as_str()),
            Lit::List(items) => Val::List(items.iter().map(Lit::to_val).collect()),
            Lit::Map(entries) => Val::map(entries.iter().map(|(k, v)| (k.clone().into(), v.to_val()))),
        }
    }

    /// Whether `written` (as read back) is this value; `Err` says where it differs.
    fn matches(&self, written: &J, at: &str) -> Result<(), String> {
        let ok = match (self, written) {
            (Lit::Bool(a), J::Bool(b)) => a == b,
            (Lit::Int(a), J::Int(b)) => i128::from(*a) == *b,
            (Lit::Float(a), J::Float(b)) => a == b,
            (Lit::Float(a), J::Int(b)) => *a == *b as f64,
            (Lit::Str(a), J::Str(b)) => {
                let read = terraform_reads(b).map_err(|e| format!("at {at}: {e}"))?;
                if &read != a {
                    return Err(format!("at {at}: Terraform reads {read:?} where the program gave {a:?}"));
                }
                true
            }
            (Lit::List(a), J::Arr(b)) if a.len() == b.len() => {
                return a.iter().zip(b).enumerate().try_for_each(|(i, (x, y))| x.matches(y, &format!("{at}.{i}")));
            }
            (Lit::Map(a), J::Obj(b)) if a.len() == b.len() => {
                return a.iter().try_for_each(|(k, x)| match written.get(k) {
                    Some(y) => x.matches(y, &format!("{at}.{k}")),
                    None => Err(format!("at {at}: key {k:?} is missing")),
                });
            }
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(format!("at {at}: wrote {written:?} for {self:?}"))
        }
    }
}

/// A problem planted on a resource.
#[derive(Clone, Copy, Debug)]
enum ResourcePlant {
    Nan,
    InfinityInAList,
    PreventDestroy,
    ReferenceToAnotherApp,
    /// A generic `aws_s3_bucket` beside the resource, without `force_destroy` (an AWS rule).
    BucketWithoutForceDestroy,
    /// Two generic `aws_iam_role`s beside the resource, in two scopes, with one physical name.
    RoleNameTwice,
}

/// A problem planted in a scope (the stack or a construct).
#[derive(Clone, Copy, Debug)]
enum ScopePlant {
    OutputIdWithASpace,
    DuplicateConstructId,
}

#[derive(Clone, Debug)]
enum Node {
    Construct { id: String, children: Vec<Node>, plants: Vec<ScopePlant> },
    Resource { id: String, tf_type: &'static str, attrs: Vec<Lit>, plant: Option<ResourcePlant> },
    Output { id: String, value: Lit },
}

/// A resource the tree holds: its type, path components below the stack, and attributes.
struct Placed {
    tf_type: &'static str,
    comps: Vec<String>,
    attrs: Vec<Lit>,
}

/// What building a tree made: the resources and outputs to find in the output, the texts every planted
/// problem must produce (with its construct path).
#[derive(Default)]
struct Built {
    resources: Vec<Placed>,
    outputs: Vec<(Vec<String>, Lit)>,
    expected_problems: Vec<(String, String)>,
}

const STACK: &str = "s";

struct Builder<'a> {
    counter: usize,
    built: Built,
    foreign: &'a GenericResource,
}

impl Builder<'_> {
    /// Builds `nodes` under `scope`, whose path below the stack is `comps`; ids are made unique among
    /// siblings and resource and output ids carry a counter, so that no two clean to one logical id.
    fn build(&mut self, scope: &impl AsScope, comps: &[String], nodes: &[Node], plants: &[ScopePlant]) {
        let mut siblings = BTreeSet::new();
        let mut unique = |id: &str, n: usize| {
            let id = if siblings.contains(id) { format!("{id}{n}") } else { id.to_string() };
            siblings.insert(id.clone());
            id
        };
        for node in nodes {
            self.counter += 1;
            let n = self.counter;
            match node {
                Node::Construct { id, children, plants } => {
                    let id = unique(id, n);
                    let c = Construct::new(scope, &id);
                    let mut below = comps.to_vec();
                    below.push(id);
                    self.build(&c, &below, children, plants);
                }
                Node::Resource { id, tf_type, attrs, plant } => {
                    let id = unique(&format!("r{n}_{id}"), n);
                    let mut r = GenericResource::new(scope, &id, tf_type);
                    for (i, a) in attrs.iter().enumerate() {
                        r = r.set(&format!("a{i}"), a.to_val());
                    }
                    let mut here = comps.to_vec();
                    here.push(id);
                    let path = format!("{STACK}/{}", here.join("/"));
                    if let Some(p) = plant {
                        let text = match p {
                            ResourcePlant::Nan => {
                                r = r.set("planted", Val::Float(f64::NAN));
                                format!("{tf_type} `planted` is NaN, which JSON cannot hold")
                            }
                            ResourcePlant::InfinityInAList => {
                                let deep = Val::List(vec![Val::Int(1), Val::Float(f64::NEG_INFINITY)]);
                                r = r.set("planted", Val::map([("deep".into(), deep)]));
                                format!("{tf_type} `planted.deep.1` is -infinity")
                            }
                            ResourcePlant::PreventDestroy => {
                                r = r.set("lifecycle", Val::map([("prevent_destroy".into(), Val::Bool(true))]));
                                format!("{tf_type} sets lifecycle.prevent_destroy = true, which blocks")
                            }
                            ResourcePlant::ReferenceToAnotherApp => {
                                r = r.set("planted", self.foreign.attr("id"));
                                format!("{tf_type} `planted` refers to `aws_vpc.vpc`, an element of another App")
                            }
                            ResourcePlant::BucketWithoutForceDestroy => {
                                let id = format!("bucket{n}");
                                GenericResource::new(scope, &id, "aws_s3_bucket");
                                let text = "aws_s3_bucket does not set force_destroy".to_string();
                                self.built.expected_problems.push((format!("{STACK}/{}", sibling(comps, &id)), text));
                                continue;
                            }
                            ResourcePlant::RoleNameTwice => {
                                // One role beside the resource, one in a construct of its own: the name is
                                // the same wherever the second one stands.
                                let name = scope.scope().name(&format!("deploy{n}"));
                                let first = format!("role{n}");
                                GenericResource::new(scope, &first, "aws_iam_role").set("name", &name);
                                let holder = format!("holder{n}");
                                let inner = Construct::new(scope, &holder);
                                GenericResource::new(&inner, "role", "aws_iam_role").set("name", &name);
                                let second = sibling(comps, &format!("{holder}/role"));
                                let text = format!(
                                    "aws_iam_role name `{name}` is also the name of `{STACK}/{}`",
                                    sibling(comps, &first)
                                );
                                self.built.expected_problems.push((format!("{STACK}/{second}"), text));
                                continue;
                            }
                        };
                        self.built.expected_problems.push((path, text));
                    }
                    self.built.resources.push(Placed { tf_type, comps: here, attrs: attrs.clone() });
                }
                Node::Output { id, value } => {
                    let id = unique(&format!("o{n}_{id}"), n);
                    Output::new(scope, &id, value.to_val());
                    let mut here = comps.to_vec();
                    here.push(id);
                    self.built.outputs.push((here, value.clone()));
                }
            }
        }
        for p in plants {
            self.counter += 1;
            let n = self.counter;
            let path = |id: &str| {
                let mut here = vec![STACK.to_string()];
                here.extend(comps.iter().cloned());
                here.push(id.to_string());
                here.join("/")
            };
            match p {
                ScopePlant::OutputIdWithASpace => {
                    let id = format!("bad id{n}");
                    Output::new(scope, &id, "x");
                    let text = format!("output id `{id}` contains ' ', which a Terraform name cannot hold");
                    self.built.expected_problems.push((path(&id), text));
                }
                ScopePlant::DuplicateConstructId => {
                    let id = format!("dup{n}");
                    Construct::new(scope, &id);
                    Construct::new(scope, &id);
                    self.built.expected_problems.push((path(&id), format!("duplicate construct id `{id}`")));
                }
            }
        }
    }
}

/// The path below the stack of `id` in the scope at `comps`.
fn sibling(comps: &[String], id: &str) -> String {
    comps.iter().map(String::as_str).chain([id]).collect::<Vec<_>>().join("/")
}

/// Builds `tree` (the stack's children and plants) into `app`.
fn build(app: &App, tree: &(Vec<Node>, Vec<ScopePlant>), foreign: &GenericResource) -> Built {
    let stack = Stack::new(app, STACK, &Environment::new("dev").unwrap());
    let mut b = Builder { counter: 0, built: Built::default(), foreign };
    b.build(&stack, &[], &tree.0, &tree.1);
    b.built
}

/// A VPC of another App, whose handles `app` must refuse.
fn foreign_vpc() -> GenericResource {
    let other = App::new();
    GenericResource::new(&Stack::new(&other, "o", &Environment::new("dev").unwrap()), "vpc", "aws_vpc")
}

// ---------------------------------------------------------------------------------------------------------
// Strategies.

fn text_from(alphabet: &'static [char], len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(alphabet), len).prop_map(|cs| cs.into_iter().collect())
}

/// Literal text rich in what must be escaped (`${`, `%{`, `$${`), JSON escapes and non-ASCII.
fn literal_text() -> impl Strategy<Value = String> {
    const ALPHABET: &[char] = &[
        '$', '$', '%', '%', '{', '{', '}', 'a', 'Z', ' ', '"', '\\', '\n', '\t', '\u{1}', '\u{7f}', '\u{2028}', 'é',
        '😀',
    ];
    text_from(ALPHABET, 0..14)
}

/// Map keys whose UTF-16 order differs from their code point order (U+FB00 and U+E000 sort after the
/// surrogates of U+1F600 in UTF-16, before it by code point).
fn map_key() -> impl Strategy<Value = String> {
    const ALPHABET: &[char] = &['a', 'B', '_', '-', '0', ' ', '.', 'é', '日', '\u{e000}', 'ﬀ', '😀', '𝄞'];
    text_from(ALPHABET, 1..5)
}

fn lit() -> impl Strategy<Value = Lit> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(Lit::Bool),
        any::<i64>().prop_map(Lit::Int),
        prop::num::f64::NORMAL.prop_map(Lit::Float),
        prop::sample::select(&[0.0, -0.0, 0.1, 1e21, 1e-7, 5e-324, f64::MAX][..]).prop_map(Lit::Float),
        literal_text().prop_map(Lit::Str),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Lit::List),
            prop::collection::vec((map_key(), inner), 0..5).prop_map(|entries| {
                let mut seen = BTreeSet::new();
                Lit::Map(entries.into_iter().filter(|(k, _)| seen.insert(k.clone())).collect())
            }),
        ]
    })
}

/// Construct ids: the ones `makeUniqueId` treats specially (`Default`, `Resource`, a component ending
/// with the next one), a long one (the human part is cut to 240), and random ids with characters it drops.
fn construct_id() -> impl Strategy<Value = String> {
    const SPECIAL: &[&str] = &["Default", "Resource", "logbucket", "bucket", "a", "aa", "Team.Name"];
    const REST: &[char] = &['a', 'Q', '0', '9', '_', '-', '.', ' ', 'é', '日', ':'];
    prop_oneof![
        prop::sample::select(SPECIAL).prop_map(str::to_string),
        Just(format!("L{}", "x".repeat(130))),
        ("[a-zA-Z]", text_from(REST, 0..8)).prop_map(|(first, rest)| first + &rest),
    ]
}

/// The part of a resource id after its counter: may hold characters cdktf drops, may be long enough (over
/// 255) that even a single component is hashed.
fn resource_id_rest() -> impl Strategy<Value = String> {
    const REST: &[char] = &['b', 'Y', '1', '_', '-', '.', ' ', 'ü', '+'];
    prop_oneof![4 => text_from(REST, 0..10), 1 => Just("y".repeat(260))]
}

fn resource(plants: bool) -> impl Strategy<Value = Node> {
    let plant = if plants {
        prop_oneof![
            3 => Just(None),
            1 => prop::sample::select(&[
                ResourcePlant::Nan,
                ResourcePlant::InfinityInAList,
                ResourcePlant::PreventDestroy,
                ResourcePlant::ReferenceToAnotherApp,
                ResourcePlant::BucketWithoutForceDestroy,
                ResourcePlant::RoleNameTwice,
            ][..])
            .prop_map(Some),
        ]
        .boxed()
    } else {
        Just(None).boxed()
    };
    (
        resource_id_rest(),
        prop::sample::select(&["test_widget", "test_gadget"][..]),
        prop::collection::vec(lit(), 0..4),
        plant,
    )
        .prop_map(|(id, tf_type, attrs, plant)| Node::Resource { id, tf_type, attrs, plant })
}

fn output() -> impl Strategy<Value = Node> {
    ("[A-Za-z0-9_-]{0,6}", lit()).prop_map(|(id, value)| Node::Output { id, value })
}

fn scope_plants(plants: bool) -> BoxedStrategy<Vec<ScopePlant>> {
    if plants {
        prop::collection::vec(
            prop::sample::select(&[ScopePlant::OutputIdWithASpace, ScopePlant::DuplicateConstructId][..]),
            0..2,
        )
        .boxed()
    } else {
        Just(Vec::new()).boxed()
    }
}

/// A random tree: the stack's children and the problems planted in the stack itself.
fn tree(plants: bool) -> impl Strategy<Value = (Vec<Node>, Vec<ScopePlant>)> {
    let leaf = prop_oneof![3 => resource(plants), 1 => output()];
    let node = leaf.prop_recursive(4, 40, 5, move |inner| {
        (construct_id(), prop::collection::vec(inner, 0..5), scope_plants(plants))
            .prop_map(|(id, children, plants)| Node::Construct { id, children, plants })
    });
    (prop::collection::vec(node, 1..6), scope_plants(plants))
}

// ---------------------------------------------------------------------------------------------------------
// The properties.

/// Every check on one synthesized stack: valid JSON, UTF-16 key order, logical ids, literal values.
fn check_stack(bytes: &[u8], built: &Built) -> Result<(), String> {
    let doc = parse(bytes)?;
    keys_in_utf16_order(&doc, "stack")?;
    let resources = doc.get("resource");
    let written: usize =
        resources.map(|r| r.entries().iter().map(|(_, of_type)| of_type.entries().len()).sum()).unwrap_or(0);
    if written != built.resources.len() {
        return Err(format!("{} resources written for {} built", written, built.resources.len()));
    }
    for r in &built.resources {
        let comps: Vec<&str> = r.comps.iter().map(String::as_str).collect();
        let id = reference_unique_id(&comps);
        let body = resources
            .and_then(|all| all.get(r.tf_type))
            .and_then(|of_type| of_type.get(&id))
            .ok_or_else(|| format!("no {}.{id} (makeUniqueId of {comps:?})", r.tf_type))?;
        let meta = body.get("//").and_then(|m| m.get("metadata")).ok_or("no metadata")?;
        let path = format!("{STACK}/{}", r.comps.join("/"));
        if meta.get("path").and_then(J::str) != Some(path.as_str())
            || meta.get("uniqueId").and_then(J::str) != Some(&id)
        {
            return Err(format!("metadata of {id}: {meta:?}, expected path {path:?}"));
        }
        for (i, a) in r.attrs.iter().enumerate() {
            let name = format!("a{i}");
            let v = body.get(&name).ok_or_else(|| format!("{id} lacks {name}"))?;
            a.matches(v, &format!("{id}.{name}"))?;
        }
    }
    let outputs = doc.get("output");
    for (comps, value) in &built.outputs {
        let comps: Vec<&str> = comps.iter().map(String::as_str).collect();
        let id = reference_unique_id(&comps);
        let v = outputs
            .and_then(|o| o.get(&id))
            .and_then(|o| o.get("value"))
            .ok_or_else(|| format!("no output {id} (makeUniqueId of {comps:?})"))?;
        value.matches(v, &format!("output.{id}"))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Valid JSON, keys in UTF-16 order, cdktf's logical ids, literal text escaped, every value as given.
    #[test]
    fn random_trees_synthesize_as_cdktf_would(tree in tree(false)) {
        let app = App::new();
        let foreign = foreign_vpc();
        let built = build(&app, &tree, &foreign);
        let out = app.synthesize().map_err(|e| TestCaseError::fail(format!("synthesis failed: {e}")))?;
        prop_assert_eq!(out.stacks.len(), 1);
        check_stack(&out.stacks[0].1, &built).map_err(TestCaseError::fail)?;
        let manifest = parse(&out.manifest).map_err(TestCaseError::fail)?;
        keys_in_utf16_order(&manifest, "manifest").map_err(TestCaseError::fail)?;
    }

    /// The same program gives the same bytes, every time.
    #[test]
    fn the_same_tree_gives_the_same_bytes(tree in tree(false)) {
        let foreign = foreign_vpc();
        let first = App::new();
        build(&first, &tree, &foreign);
        let second = App::new();
        build(&second, &tree, &foreign);
        let (a, b) = (first.synthesize(), second.synthesize());
        let (a, b) = (a.map_err(|e| TestCaseError::fail(e.to_string()))?, b.map_err(|e| TestCaseError::fail(e.to_string()))?);
        prop_assert!(a == b, "two synthesized outputs differ");
        prop_assert!(first.synthesize().ok() == Some(a), "synthesizing the same app again differs");
    }

    /// Problems planted anywhere in a tree are all reported, each with its construct path; nothing else is
    /// reported, and nothing is written.
    #[test]
    fn every_planted_problem_is_reported(tree in tree(true)) {
        let dir = std::env::temp_dir().join(format!("konductor-properties-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let app = App::with_outdir(&dir);
        konductor::register_rules(&app);
        let foreign = foreign_vpc();
        let built = build(&app, &tree, &foreign);
        prop_assume!(!built.expected_problems.is_empty());
        let err = match app.synth() {
            Ok(()) => return Err(TestCaseError::fail("synthesis accepted a tree with planted problems")),
            Err(e) => e,
        };
        prop_assert!(!dir.exists(), "synthesis wrote {}", dir.display());
        let problems: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
        for (path, text) in &built.expected_problems {
            let head = format!("[{path}] ");
            prop_assert!(
                problems.iter().any(|p| p.starts_with(&head) && p.contains(text.as_str())),
                "not reported: [{}] {}\nreported:\n{}", path, text, problems.join("\n")
            );
        }
        for p in &problems {
            prop_assert!(
                built.expected_problems.iter().any(|(path, _)| p.starts_with(&format!("[{path}] "))),
                "reported though nothing was planted there: {}", p
            );
        }
    }

    /// An output id is written as the program gave it, or refused with its path: never rewritten.
    #[test]
    fn output_ids_are_written_as_given_or_refused(id in text_from(&['a', 'Z', '_', '-', '0', ' ', '.', 'é', ':'], 1..6)) {
        let app = App::new();
        let stack = Stack::new(&app, STACK, &Environment::new("dev").unwrap());
        Output::new(&stack, &id, "x");
        let terraform_takes = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        match app.synthesize() {
            Ok(out) => {
                prop_assert!(terraform_takes, "{:?} was accepted", id);
                let doc = parse(&out.stacks[0].1).map_err(TestCaseError::fail)?;
                let keys: Vec<&str> = doc.get("output").map(|o| o.entries().iter().map(|(k, _)| k.as_str()).collect()).unwrap_or_default();
                prop_assert_eq!(keys, vec![id.as_str()]);
            }
            Err(e) => {
                prop_assert!(!terraform_takes, "{:?} was refused: {}", id, e);
                let head = format!("[{STACK}/{id}] output ");
                prop_assert!(e.problems().len() == 1 && e.problems()[0].to_string().starts_with(&head), "{}", e);
            }
        }
    }
}
