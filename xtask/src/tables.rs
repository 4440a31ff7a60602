//! The checked-in tables the generator reads from `konductor-aws/schema/`: the allowlist, the module of each
//! type, the physical-name attributes and the destroyability pins.

use std::collections::BTreeMap;

use crate::schema::Type;
use crate::Error;

/// Lines of a table: comments (`#` to the end of the line) and blank lines dropped, fields split on spaces.
fn lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.split(" #").next().unwrap_or_default();
        let l = if l.trim_start().starts_with('#') { "" } else { l };
        let fields: Vec<&str> = l.split_whitespace().collect();
        (!fields.is_empty()).then_some((i + 1, fields))
    })
}

/// Resource or data source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Resource,
    Data,
}

/// One allowlisted type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub kind: Kind,
    pub tf_type: String,
}

impl Entry {
    /// The provider's local name: the type's first word.
    pub fn provider(&self) -> &str {
        self.tf_type.split('_').next().unwrap_or_default()
    }
}

/// `allowlist.txt`: `resource TYPE` or `data TYPE`.
pub fn allowlist(text: &str) -> Result<Vec<Entry>, Error> {
    let mut out = Vec::new();
    for (n, f) in lines(text) {
        let kind = match (f.first().copied(), f.len()) {
            (Some("resource"), 2) => Kind::Resource,
            (Some("data"), 2) => Kind::Data,
            _ => return Err(Error::new(format!("allowlist.txt:{n}: expected `resource TYPE` or `data TYPE`"))),
        };
        let e = Entry { kind, tf_type: f[1].to_string() };
        if out.contains(&e) {
            return Err(Error::new(format!("allowlist.txt:{n}: {} is listed twice", f[1])));
        }
        out.push(e);
    }
    Ok(out)
}

/// `services.txt`: which module a type goes to.
pub struct Services(Vec<(String, String)>);

impl Services {
    pub fn parse(text: &str) -> Result<Services, Error> {
        let mut out = Vec::new();
        for (n, f) in lines(text) {
            if f.len() != 2 {
                return Err(Error::new(format!("services.txt:{n}: expected `PREFIX MODULE`")));
            }
            out.push((f[0].to_string(), f[1].to_string()));
        }
        Ok(Services(out))
    }

    /// The module of `tf_type`.
    pub fn module_of(&self, tf_type: &str) -> String {
        let matches = |p: &str| tf_type == p || tf_type.strip_prefix(p).is_some_and(|rest| rest.starts_with('_'));
        if let Some((_, m)) = self.0.iter().filter(|(p, _)| matches(p)).max_by_key(|(p, _)| p.len()) {
            return m.clone();
        }
        let mut words = tf_type.split('_');
        let provider = words.next().unwrap_or_default();
        match (provider, words.next()) {
            ("aws", Some(service)) => service.to_string(),
            _ => provider.to_string(),
        }
    }
}

/// `physical_names.txt`: `TYPE.PATH [SAMPLE]`.
pub struct PhysicalNames(BTreeMap<(String, String), String>);

impl PhysicalNames {
    pub fn parse(text: &str) -> Result<PhysicalNames, Error> {
        let mut out = BTreeMap::new();
        for (n, f) in lines(text) {
            let Some((t, path)) = f[0].split_once('.').filter(|_| f.len() <= 2) else {
                return Err(Error::new(format!("physical_names.txt:{n}: expected `TYPE.ATTRIBUTE [SAMPLE]`")));
            };
            let sample = f.get(1).copied().unwrap_or("example").to_string();
            if out.insert((t.to_string(), path.to_string()), sample).is_some() {
                return Err(Error::new(format!("physical_names.txt:{n}: {} is listed twice", f[0])));
            }
        }
        Ok(PhysicalNames(out))
    }

    /// The sample base name when `tf_type`'s attribute at `path` is a physical name.
    pub fn get(&self, tf_type: &str, path: &str) -> Option<&str> {
        self.0.get(&(tf_type.to_string(), path.to_string())).map(String::as_str)
    }

    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.keys().map(|(t, p)| (t.as_str(), p.as_str()))
    }
}

/// A pinned value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pin {
    Bool(bool),
    Int(i64),
    Str(String),
    /// Anything but this text: checked at synthesis, not pinned in typed bindings.
    NotStr(String),
    /// A whole number in `MIN..=MAX`: typed bindings have a setter and write MIN when it is not called.
    Range(i64, i64),
}

impl Pin {
    fn parse(s: &str) -> Option<Pin> {
        let quoted = |s: &str| s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).map(str::to_string);
        match s {
            "true" => Some(Pin::Bool(true)),
            "false" => Some(Pin::Bool(false)),
            _ if s.starts_with('!') => quoted(&s[1..]).map(Pin::NotStr),
            _ if s.starts_with('"') => quoted(s).map(Pin::Str),
            _ if s.contains("..=") => {
                let (lo, hi) = s.split_once("..=")?;
                let (lo, hi) = (lo.parse().ok()?, hi.parse().ok()?);
                (lo <= hi).then_some(Pin::Range(lo, hi))
            }
            _ => s.parse().ok().map(Pin::Int),
        }
    }

    /// Whether an attribute of type `ty` can hold it.
    pub fn fits(&self, ty: &Type) -> bool {
        matches!(
            (self, ty),
            (Pin::Bool(_), Type::Bool)
                | (Pin::Int(_) | Pin::Range(..), Type::Number)
                | (Pin::Str(_) | Pin::NotStr(_), Type::String)
        )
    }

    /// As konductor's `#[pin(...)]` takes it, when it is an exact value.
    pub fn literal(&self) -> Option<String> {
        match self {
            Pin::Bool(b) => Some(b.to_string()),
            Pin::Int(i) => Some(i.to_string()),
            Pin::Str(s) => Some(format!("{s:?}")),
            Pin::Range(lo, hi) => Some(format!("{lo}..={hi}")),
            Pin::NotStr(_) => None,
        }
    }

    /// `Pin::Bool(true)`, as rules/destroy.rs writes it.
    pub fn rust(&self) -> String {
        match self {
            Pin::Bool(b) => format!("Pin::Bool({b})"),
            Pin::Int(i) => format!("Pin::Int({i})"),
            Pin::Str(s) => format!("Pin::Str({s:?})"),
            Pin::NotStr(s) => format!("Pin::NotStr({s:?})"),
            Pin::Range(lo, hi) => format!("Pin::IntRange({lo}, {hi})"),
        }
    }
}

/// One line of `destroy.txt`.
#[derive(Clone, Debug)]
pub struct DestroyPin {
    /// `None` for `*`.
    pub scope: Option<String>,
    /// An attribute name (`*` lines) or dotted path.
    pub attribute: String,
    pub pin: Pin,
    /// Leaving the attribute out blocks destroy.
    pub required: bool,
}

/// `destroy.txt`.
pub struct DestroyPins(Vec<DestroyPin>);

impl DestroyPins {
    pub fn parse(text: &str) -> Result<DestroyPins, Error> {
        let mut out = Vec::new();
        for (n, f) in lines(text) {
            let bad = || Error::new(format!("destroy.txt:{n}: expected `SCOPE ATTRIBUTE PIN error|ok`"));
            if f.len() != 4 {
                return Err(bad());
            }
            let pin = Pin::parse(f[2]).ok_or_else(bad)?;
            let required = match f[3] {
                "error" => true,
                "ok" => false,
                _ => return Err(bad()),
            };
            let scope = (f[0] != "*").then(|| f[0].to_string());
            if scope.is_none() && f[1].contains('.') {
                return Err(Error::new(format!("destroy.txt:{n}: a `*` line names an attribute, not a path")));
            }
            out.push(DestroyPin { scope, attribute: f[1].to_string(), pin, required });
        }
        Ok(DestroyPins(out))
    }

    /// Whether a line names `tf_type`'s attribute at `path` (dotted): a `*` line by its last name, or a line
    /// of that type by its path.
    pub fn mentions(&self, tf_type: &str, path: &str) -> bool {
        let name = path.rsplit('.').next().unwrap_or_default();
        self.0.iter().any(|p| match &p.scope {
            None => p.attribute == name,
            Some(t) => t == tf_type && p.attribute == path,
        })
    }

    /// The lines for one type: `(type, path)`.
    pub fn specific(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().filter_map(|p| p.scope.as_deref().map(|t| (t, p.attribute.as_str())))
    }

    /// The pin of `tf_type`'s attribute at `path` (dotted) of type `ty`:
    /// `Ok(None)` when the table does not mention its name, an error when it does but nothing fits.
    pub fn lookup(&self, tf_type: &str, path: &str, ty: &Type) -> Result<Option<&DestroyPin>, Error> {
        let name = path.rsplit('.').next().unwrap_or_default();
        if let Some(p) = self.0.iter().find(|p| p.scope.as_deref() == Some(tf_type) && p.attribute == path) {
            if !p.pin.fits(ty) {
                return Err(Error::new(format!("destroy.txt: the pin of {tf_type}.{path} does not fit its type")));
            }
            return Ok(Some(p));
        }
        let general: Vec<&DestroyPin> = self.0.iter().filter(|p| p.scope.is_none() && p.attribute == name).collect();
        if general.is_empty() {
            return Ok(None);
        }
        match general.into_iter().find(|p| p.pin.fits(ty)) {
            Some(p) => Ok(Some(p)),
            None => Err(Error::new(format!(
                "destroy.txt: {tf_type}.{path} is {}, which no `*` line fits: add a line for `{tf_type} {path}`",
                ty.describe()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_match_whole_words_and_the_longest_prefix() {
        let s = Services::parse("aws_route ec2\naws_cloudwatch_log logs\n").unwrap();
        assert_eq!(s.module_of("aws_route_table"), "ec2");
        assert_eq!(s.module_of("aws_route53_zone"), "route53");
        assert_eq!(s.module_of("aws_cloudwatch_log_group"), "logs");
        assert_eq!(s.module_of("aws_cloudwatch_metric_alarm"), "cloudwatch");
        assert_eq!(s.module_of("helm_release"), "helm");
    }

    #[test]
    fn pins_for_a_type_override_the_general_line() {
        let t = DestroyPins::parse(
            "* deletion_protection false ok\naws_cognito_user_pool deletion_protection \"INACTIVE\" ok\n\
             aws_x rule.mode !\"COMPLIANCE\" ok # comment\n",
        )
        .unwrap();
        let p = t.lookup("aws_db_instance", "deletion_protection", &Type::Bool).unwrap().unwrap();
        assert_eq!(p.pin, Pin::Bool(false));
        let p = t.lookup("aws_cognito_user_pool", "deletion_protection", &Type::String).unwrap().unwrap();
        assert_eq!(p.pin, Pin::Str("INACTIVE".into()));
        assert!(t.lookup("aws_other", "deletion_protection", &Type::String).is_err());
        assert_eq!(
            t.lookup("aws_x", "rule.mode", &Type::String).unwrap().unwrap().pin,
            Pin::NotStr("COMPLIANCE".into())
        );
        assert!(t.lookup("aws_x", "mode", &Type::String).unwrap().is_none());
    }
}
