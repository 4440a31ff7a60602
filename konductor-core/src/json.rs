//! The JSON writer: cdktf's exact format (keys sorted by UTF-16 code unit, 2-space indent, empty containers
//! written open, no trailing newline), written straight into a byte buffer.

use std::cmp::Ordering;

/// Compares two keys by UTF-16 code units, the order JavaScript's default sort gives and cdktf writes.
///
/// ```
/// use std::cmp::Ordering;
/// use konductor_core::json::cmp_keys;
/// assert_eq!(cmp_keys("//", "arn"), Ordering::Less);
/// assert_eq!(cmp_keys("Name", "name"), Ordering::Less);
/// // U+FF5E sorts after U+1F600 in UTF-8 but before it in UTF-16.
/// assert_eq!(cmp_keys("\u{FF5E}", "\u{1F600}"), Ordering::Greater);
/// ```
pub fn cmp_keys(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    // Byte order is code point order, and UTF-16 differs from it only between a character in
    // U+E000..=U+FFFF and one above U+FFFF: so only the first byte that differs matters.
    let Some(i) = first_difference(x, y) else {
        // One is a prefix of the other: the shorter sorts first, in UTF-16 as in UTF-8.
        return x.len().cmp(&y.len());
    };
    if x[i] < 0x80 || y[i] < 0x80 {
        // An ASCII byte against any other byte orders the same in UTF-16: a multi-byte sequence starts
        // with a byte >= 0x80 and its code unit is >= 0x80 too.
        return x[i].cmp(&y[i]);
    }
    // Both differ inside multi-byte characters: compare UTF-16 code units from the character that
    // differs (the common prefix ends on the same boundary in both).
    let start = (0..=i).rev().find(|&k| a.is_char_boundary(k)).unwrap_or(0);
    a[start..].encode_utf16().cmp(b[start..].encode_utf16())
}

/// The index of the first byte where `x` and `y` differ, within the shorter of the two; 8 bytes at a time
/// (keys are short: a loop here is faster than a call of `memcmp`).
#[inline]
fn first_difference(x: &[u8], y: &[u8]) -> Option<usize> {
    let n = x.len().min(y.len());
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    let mut i = 0;
    while i + 8 <= n {
        let diff = word(x, i) ^ word(y, i);
        if diff != 0 {
            // Little-endian: the lowest set bit is in the first byte that differs.
            return Some(i + (diff.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    (i..n).find(|&k| x[k] != y[k])
}

/// Writes pretty-printed JSON in cdktf's layout into a byte buffer.
///
/// The caller writes object keys in sorted order ([`cmp_keys`]); the writer handles commas, newlines and
/// indentation.
///
/// ```
/// use konductor_core::json::JsonWriter;
/// let mut w = JsonWriter::new();
/// w.begin_object();
/// w.key("a");
/// w.begin_array();
/// w.end_array();
/// w.key("b");
/// w.string("x\"y");
/// w.end_object();
/// assert_eq!(w.into_string(), "{\n  \"a\": [\n  ],\n  \"b\": \"x\\\"y\"\n}");
/// ```
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: Vec<u8>,
    /// How many containers are open.
    depth: usize,
    /// Whether the innermost open container has no member yet (the outer ones all have one: the inner).
    first: bool,
    after_key: bool,
}

/// A comma, a newline and the indentation of up to 64 levels: every separator is a slice of it.
const SEPARATOR: &[u8; 130] = b",\n                                                                                                                                ";

impl JsonWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer with room for `bytes`.
    pub fn with_capacity(bytes: usize) -> Self {
        JsonWriter { out: Vec::with_capacity(bytes), ..Self::default() }
    }

    /// Writes a newline and the indentation of the current depth, after a comma when `comma`.
    #[inline]
    fn separator(&mut self, comma: bool) {
        let start = usize::from(!comma);
        let len = 2 + 2 * self.depth - start;
        if start + len <= SEPARATOR.len() - 16 {
            // Whole 16-byte pieces copy without a call to `memcpy`; the excess is cut off.
            let end = self.out.len() + len;
            let mut at = start;
            while at < start + len {
                self.out.extend_from_slice(&SEPARATOR[at..at + 16]);
                at += 16;
            }
            self.out.truncate(end);
        } else {
            self.out.extend_from_slice(&SEPARATOR[start..2]);
            self.out.resize(self.out.len() + 2 * self.depth, b' ');
        }
    }

    #[inline]
    fn before_value(&mut self) {
        if self.after_key {
            self.after_key = false;
        } else if self.depth > 0 {
            let comma = !self.first;
            self.first = false;
            self.separator(comma);
        }
    }

    #[inline]
    fn open(&mut self, bracket: u8) {
        self.before_value();
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    #[inline]
    fn close(&mut self, bracket: u8) {
        self.depth = self.depth.saturating_sub(1);
        self.separator(false);
        self.out.push(bracket);
        // The container just closed is a member of its parent.
        self.first = false;
    }

    /// Writes an object key; the value follows.
    pub fn key(&mut self, key: &str) {
        self.before_value();
        self.out.push(b'"');
        escape_into(&mut self.out, key);
        self.out.extend_from_slice(b"\": ");
        self.after_key = true;
    }

    /// Opens an object.
    pub fn begin_object(&mut self) {
        self.open(b'{');
    }

    /// Closes the innermost object.
    pub fn end_object(&mut self) {
        self.close(b'}');
    }

    /// Opens an array.
    pub fn begin_array(&mut self) {
        self.open(b'[');
    }

    /// Closes the innermost array.
    pub fn end_array(&mut self) {
        self.close(b']');
    }

    /// Writes a string value, JSON-escaped as `JSON.stringify` escapes it.
    pub fn string(&mut self, s: &str) {
        self.before_value();
        write_escaped(&mut self.out, s);
    }

    /// Writes a string value made of parts, each JSON-escaped, without building the whole string first.
    pub fn string_parts<'a>(&mut self, parts: impl IntoIterator<Item = &'a str>) {
        self.before_value();
        self.out.push(b'"');
        for p in parts {
            escape_into(&mut self.out, p);
        }
        self.out.push(b'"');
    }

    /// Writes a boolean.
    pub fn bool(&mut self, b: bool) {
        self.before_value();
        self.out.extend_from_slice(if b { b"true" } else { b"false" });
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.before_value();
        self.out.extend_from_slice(b"null");
    }

    /// Writes a number already formatted as JSON.
    pub fn raw_number(&mut self, text: &str) {
        self.before_value();
        self.out.extend_from_slice(text.as_bytes());
    }

    /// Writes a `serde_json` value, object keys sorted by [`cmp_keys`].
    pub fn json(&mut self, v: &serde_json::Value) {
        use serde_json::Value as J;
        match v {
            J::Null => self.null(),
            J::Bool(b) => self.bool(*b),
            J::Number(n) => self.raw_number(&format_json_number(n)),
            J::String(s) => self.string(s),
            J::Array(items) => {
                self.begin_array();
                for i in items {
                    self.json(i);
                }
                self.end_array();
            }
            J::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort_by(|a, b| cmp_keys(a, b));
                self.begin_object();
                for k in keys {
                    self.key(k);
                    self.json(&map[k]);
                }
                self.end_object();
            }
        }
    }

    /// The bytes written so far (since the last [`JsonWriter::write_to`]).
    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    /// How many bytes the buffer holds.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// Whether the buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    /// Moves the bytes written so far to `sink` and empties the buffer, keeping the open containers: a large
    /// document streams to a file in pieces instead of being held whole in memory.
    ///
    /// ```
    /// use konductor_core::json::JsonWriter;
    /// let mut w = JsonWriter::new();
    /// let mut file = Vec::new();
    /// w.begin_array();
    /// w.bool(true);
    /// w.write_to(&mut file).unwrap();
    /// w.null();
    /// w.end_array();
    /// w.write_to(&mut file).unwrap();
    /// assert_eq!(file, b"[\n  true,\n  null\n]");
    /// ```
    pub fn write_to(&mut self, sink: &mut impl std::io::Write) -> std::io::Result<()> {
        sink.write_all(&self.out)?;
        self.out.clear();
        Ok(())
    }

    /// The finished bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// The finished text.
    pub fn into_string(self) -> String {
        // Only UTF-8 text and ASCII punctuation are ever written.
        String::from_utf8(self.out).unwrap_or_default()
    }
}

/// Where JSON is written: the text writer ([`JsonWriter`]), or [`ValueBuilder`], which builds the same
/// document as a `serde_json` value (for bodies that overrides change) without a round trip through text.
pub(crate) trait Emit {
    fn key(&mut self, key: &str);
    fn begin_object(&mut self);
    fn end_object(&mut self);
    fn begin_array(&mut self);
    fn end_array(&mut self);
    fn string(&mut self, s: &str);
    fn string_parts<'a>(&mut self, parts: impl IntoIterator<Item = &'a str>);
    fn bool(&mut self, b: bool);
    fn null(&mut self);
    fn int(&mut self, i: i64);
    fn float(&mut self, f: f64);
    fn json(&mut self, v: &serde_json::Value);
}

impl Emit for JsonWriter {
    #[inline]
    fn key(&mut self, key: &str) {
        JsonWriter::key(self, key)
    }
    #[inline]
    fn begin_object(&mut self) {
        JsonWriter::begin_object(self)
    }
    #[inline]
    fn end_object(&mut self) {
        JsonWriter::end_object(self)
    }
    #[inline]
    fn begin_array(&mut self) {
        JsonWriter::begin_array(self)
    }
    #[inline]
    fn end_array(&mut self) {
        JsonWriter::end_array(self)
    }
    #[inline]
    fn string(&mut self, s: &str) {
        JsonWriter::string(self, s)
    }
    #[inline]
    fn string_parts<'a>(&mut self, parts: impl IntoIterator<Item = &'a str>) {
        JsonWriter::string_parts(self, parts)
    }
    #[inline]
    fn bool(&mut self, b: bool) {
        JsonWriter::bool(self, b)
    }
    #[inline]
    fn null(&mut self) {
        JsonWriter::null(self)
    }
    #[inline]
    fn int(&mut self, i: i64) {
        self.raw_number(itoa::Buffer::new().format(i))
    }
    #[inline]
    fn float(&mut self, f: f64) {
        self.raw_number(&format_f64(f))
    }
    #[inline]
    fn json(&mut self, v: &serde_json::Value) {
        JsonWriter::json(self, v)
    }
}

/// Builds a `serde_json` value from the calls of [`Emit`]: what the text writer would write, as a value.
#[derive(Default)]
pub(crate) struct ValueBuilder {
    /// The open containers, each with the key its next member goes to (for objects).
    open: Vec<(serde_json::Value, Option<String>)>,
    root: Option<serde_json::Value>,
}

impl ValueBuilder {
    fn push(&mut self, v: serde_json::Value) {
        match self.open.last_mut() {
            Some((serde_json::Value::Object(m), key)) => {
                m.insert(key.take().unwrap_or_default(), v);
            }
            Some((serde_json::Value::Array(items), _)) => items.push(v),
            Some(_) => {}
            None => self.root = Some(v),
        }
    }

    fn close(&mut self) {
        if let Some((v, _)) = self.open.pop() {
            self.push(v);
        }
    }

    /// The finished value.
    pub(crate) fn finish(mut self) -> serde_json::Value {
        while !self.open.is_empty() {
            self.close();
        }
        self.root.unwrap_or_default()
    }
}

impl Emit for ValueBuilder {
    fn key(&mut self, key: &str) {
        if let Some((_, k)) = self.open.last_mut() {
            *k = Some(key.to_string());
        }
    }
    fn begin_object(&mut self) {
        self.open.push((serde_json::Value::Object(Default::default()), None));
    }
    fn end_object(&mut self) {
        self.close();
    }
    fn begin_array(&mut self) {
        self.open.push((serde_json::Value::Array(Vec::new()), None));
    }
    fn end_array(&mut self) {
        self.close();
    }
    fn string(&mut self, s: &str) {
        self.push(serde_json::Value::String(s.to_string()));
    }
    fn string_parts<'a>(&mut self, parts: impl IntoIterator<Item = &'a str>) {
        self.push(serde_json::Value::String(parts.into_iter().collect()));
    }
    fn bool(&mut self, b: bool) {
        self.push(serde_json::Value::Bool(b));
    }
    fn null(&mut self) {
        self.push(serde_json::Value::Null);
    }
    fn int(&mut self, i: i64) {
        self.push(serde_json::Value::from(i));
    }
    fn float(&mut self, f: f64) {
        // Validation refuses NaN and infinity before anything is written.
        self.push(serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number));
    }
    fn json(&mut self, v: &serde_json::Value) {
        self.push(v.clone());
    }
}

/// Formats a number the way JavaScript's `String(number)` does (`3600`, `0.5`, `1e+21`).
pub fn format_f64(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
        let mut buf = itoa::Buffer::new();
        return buf.format(f as i64).to_owned();
    }
    let mut buf = ryu_js::Buffer::new();
    buf.format(f).to_owned()
}

fn format_json_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    format_f64(n.as_f64().unwrap_or(0.0))
}

fn write_escaped(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escape_into(out, s);
    out.push(b'"');
}

/// What a byte becomes inside a JSON string: `0` stays as it is, `b'u'` is written `\u00XX`, anything else is
/// the letter after the backslash.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Whether any of the 8 bytes of `w` needs escaping: a control character, `"` or `\\`.
#[inline]
fn word_needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte is zero in `x` exactly when it equals the byte compared against (the classic SWAR test).
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
    (below_space | zero_byte(w ^ (ONES * u64::from(b'"'))) | zero_byte(w ^ (ONES * u64::from(b'\\')))) != 0
}

/// The 8 bytes of `bytes` from `at` (which must be there), as a little-endian word.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// Appends `s` JSON-escaped (without quotes) to a `String`, as `JSON.stringify` escapes strings.
///
/// ```
/// let mut out = String::from("\"");
/// konductor_core::json::escape_str(&mut out, "a\"b\n");
/// assert_eq!(out, "\"a\\\"b\\n");
/// ```
pub fn escape_str(out: &mut String, s: &str) {
    let mut bytes = std::mem::take(out).into_bytes();
    escape_into(&mut bytes, s);
    // `escape_into` appends `s` itself and ASCII escapes, so the bytes stay UTF-8.
    *out = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

/// Appends `s` JSON-escaped (without quotes), as `JSON.stringify` escapes strings.
pub fn escape_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let len = bytes.len();
    // Most strings need no escape at all: they are checked 8 bytes at a time and, when short, copied with
    // fixed-size copies that need no call to `memcpy`.
    let start = out.len();
    if len < 8 {
        // One word, padded with a letter (which never needs escaping); the padding is cut off after.
        let mut word = u64::from_le_bytes(*b"aaaaaaaa");
        for (i, &b) in bytes.iter().enumerate() {
            word = (word & !(0xff << (8 * i))) | (u64::from(b) << (8 * i));
        }
        if !word_needs_escape(word) {
            out.extend_from_slice(&word.to_le_bytes());
            out.truncate(start + len);
            return;
        }
    } else if len <= 64 {
        let mut at = 0;
        while at + 8 <= len && !word_needs_escape(word_at(bytes, at)) {
            out.extend_from_slice(&bytes[at..at + 8]);
            at += 8;
        }
        // The last, partial word is read ending at the end, overlapping bytes already copied (and equal).
        let last = len - 8;
        if at + 8 > len && !word_needs_escape(word_at(bytes, last)) {
            out.truncate(start + last);
            out.extend_from_slice(&bytes[last..]);
            return;
        }
        out.truncate(start);
    } else if !(0..len - 7).step_by(8).chain([len - 8]).any(|at| word_needs_escape(word_at(bytes, at))) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc = ESCAPE[b as usize];
        if esc == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[from..i]);
        if esc == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 0xf) as usize]]);
        } else {
            out.extend_from_slice(&[b'\\', esc]);
        }
        from = i + 1;
    }
    out.extend_from_slice(&bytes[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_containers_are_written_open_like_cdktf() {
        let mut w = JsonWriter::new();
        w.begin_object();
        w.key("o");
        w.begin_object();
        w.end_object();
        w.end_object();
        assert_eq!(w.into_string(), "{\n  \"o\": {\n  }\n}");
    }

    #[test]
    fn nested_layout_and_no_trailing_newline() {
        let mut w = JsonWriter::new();
        w.begin_object();
        w.key("a");
        w.begin_array();
        w.raw_number("1");
        w.begin_object();
        w.key("k");
        w.null();
        w.end_object();
        w.end_array();
        w.key("b");
        w.bool(true);
        w.end_object();
        assert_eq!(w.into_string(), "{\n  \"a\": [\n    1,\n    {\n      \"k\": null\n    }\n  ],\n  \"b\": true\n}");
    }

    #[test]
    fn deep_nesting_indents_past_the_separator_table() {
        let mut w = JsonWriter::new();
        let mut expected = String::new();
        for i in 0..70 {
            w.begin_array();
            if i > 0 {
                expected += &format!("\n{}", "  ".repeat(i));
            }
            expected.push('[');
        }
        for i in (0..70).rev() {
            w.end_array();
            expected += &format!("\n{}]", "  ".repeat(i));
        }
        assert_eq!(w.into_string(), expected);
    }

    #[test]
    fn escapes_like_json_stringify() {
        let mut out = Vec::new();
        escape_into(&mut out, "a\"b\\c\nd\u{1}é/");
        assert_eq!(String::from_utf8(out).unwrap(), "a\\\"b\\\\c\\nd\\u0001é/");
    }

    #[test]
    fn numbers_format_like_javascript() {
        assert_eq!(format_f64(3600.0), "3600");
        assert_eq!(format_f64(-2.0), "-2");
        assert_eq!(format_f64(0.5), "0.5");
        assert_eq!(format_f64(1e21), "1e+21");
    }

    #[test]
    fn serde_values_are_written_sorted() {
        let v = serde_json::json!({"b": 1, "a": {"d": [true], "c": "x"}});
        let mut w = JsonWriter::new();
        w.json(&v);
        assert_eq!(
            w.into_string(),
            "{\n  \"a\": {\n    \"c\": \"x\",\n    \"d\": [\n      true\n    ]\n  },\n  \"b\": 1\n}"
        );
    }

    #[test]
    fn every_byte_escapes_as_before_in_long_strings() {
        // Each escapable byte at every position of a long string, so the 8-byte scan meets it everywhere.
        for (special, len) in [b'"', b'\\', b'\n', 0x01, 0x1f, b'\t'].into_iter().flat_map(|b| [(b, 20), (b, 100)]) {
            for pos in 0..len {
                let mut text = vec![b'a'; len];
                text[pos] = special;
                let text = String::from_utf8(text).unwrap();
                let mut out = Vec::new();
                escape_into(&mut out, &text);
                let quoted = serde_json::to_string(&text).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), quoted[1..quoted.len() - 1]);
            }
        }
        let mut out = Vec::new();
        escape_into(&mut out, "0123456789 ~\u{7f}é\u{2028}");
        assert_eq!(out, "0123456789 ~\u{7f}é\u{2028}".as_bytes());
    }

    #[test]
    fn utf16_order_of_characters_that_differ_after_a_common_prefix() {
        assert_eq!(cmp_keys("é-a", "é-b"), Ordering::Less);
        assert_eq!(cmp_keys("é", "ê"), Ordering::Less);
        assert_eq!(cmp_keys("x\u{FF5E}", "x\u{1F600}"), Ordering::Greater);
        assert_eq!(cmp_keys("é\u{FF5E}", "é\u{1F600}"), Ordering::Greater);
        assert_eq!(cmp_keys("é", "éa"), Ordering::Less);
        assert_eq!(cmp_keys("éa", "éa"), Ordering::Equal);
    }

    #[test]
    fn utf16_order_differs_from_utf8_above_the_bmp() {
        assert_eq!(cmp_keys("\u{FF5E}", "\u{1F600}"), Ordering::Greater);
        assert_eq!("\u{FF5E}".cmp("\u{1F600}"), Ordering::Less);
        assert_eq!(cmp_keys("a", "b"), Ordering::Less);
        assert_eq!(cmp_keys("Z", "a"), Ordering::Less);
    }

    #[test]
    fn every_pair_orders_as_utf16_code_units_whatever_its_length() {
        // Differences in the first 8-byte word, in a later one, in the tail; prefixes; characters of 1 to 4
        // bytes on both sides of the U+E000..=U+FFFF / above-U+FFFF split.
        let keys = [
            "",
            "a",
            "b",
            "Z",
            "ab",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
            "abcdefghij",
            "abcdefghik",
            "abcdefgh\u{FF5E}",
            "abcdefgh\u{1F600}",
            "abcdefghijklmnop\u{FF5E}x",
            "abcdefghijklmnop\u{1F600}",
            "\u{FF5E}",
            "\u{1F600}",
            "é",
            "ê",
            "éééééééé",
            "ééééééé\u{FF5E}",
            "ééééééé\u{1F600}",
            "tags_all",
            "tags",
        ];
        for a in keys {
            for b in keys {
                assert_eq!(cmp_keys(a, b), a.encode_utf16().cmp(b.encode_utf16()), "{a:?} vs {b:?}");
            }
        }
    }
}
