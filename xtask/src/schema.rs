//! The provider schema, as `terraform providers schema -json` writes it: a typed model read from JSON.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::Error;

/// A Terraform type.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    String,
    Number,
    Bool,
    Dynamic,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Object(BTreeMap<String, Type>),
    Tuple(Vec<Type>),
}

impl Type {
    pub fn parse(v: &Value) -> Result<Type, Error> {
        match v {
            Value::String(s) => match s.as_str() {
                "string" => Ok(Type::String),
                "number" => Ok(Type::Number),
                "bool" => Ok(Type::Bool),
                "dynamic" => Ok(Type::Dynamic),
                other => Err(Error::new(format!("unknown primitive type `{other}`"))),
            },
            Value::Array(a) if a.len() == 2 => {
                let kind = a[0].as_str().unwrap_or_default();
                match kind {
                    "list" => Ok(Type::List(Box::new(Type::parse(&a[1])?))),
                    "set" => Ok(Type::Set(Box::new(Type::parse(&a[1])?))),
                    "map" => Ok(Type::Map(Box::new(Type::parse(&a[1])?))),
                    "object" => {
                        let fields = a[1].as_object().ok_or_else(|| Error::new("object type without attributes"))?;
                        let mut out = BTreeMap::new();
                        for (k, t) in fields {
                            out.insert(k.clone(), Type::parse(t)?);
                        }
                        Ok(Type::Object(out))
                    }
                    "tuple" => {
                        let items = a[1].as_array().ok_or_else(|| Error::new("tuple type without items"))?;
                        Ok(Type::Tuple(items.iter().map(Type::parse).collect::<Result<_, _>>()?))
                    }
                    other => Err(Error::new(format!("unknown type constructor `{other}`"))),
                }
            }
            other => Err(Error::new(format!("unreadable type {other}"))),
        }
    }

    /// Words for docs: `a list of strings`.
    pub fn describe(&self) -> String {
        match self {
            Type::String => "a string".into(),
            Type::Number => "a number".into(),
            Type::Bool => "a boolean".into(),
            Type::Dynamic => "any value".into(),
            Type::List(t) => format!("a list of {}", plural(t)),
            Type::Set(t) => format!("a set of {}", plural(t)),
            Type::Map(t) => format!("a map of {}", plural(t)),
            Type::Object(_) => "an object".into(),
            Type::Tuple(_) => "a tuple".into(),
        }
    }
}

fn plural(t: &Type) -> String {
    match t {
        Type::String => "strings".into(),
        Type::Number => "numbers".into(),
        Type::Bool => "booleans".into(),
        Type::Dynamic => "values".into(),
        Type::Object(_) => "objects".into(),
        other => format!("({})", other.describe()),
    }
}

/// How a nested block or nested attribute repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nesting {
    Single,
    Group,
    List,
    Set,
    Map,
}

impl Nesting {
    fn parse(v: Option<&Value>, default: Nesting) -> Result<Nesting, Error> {
        match v.and_then(Value::as_str) {
            None => Ok(default),
            Some("single") => Ok(Nesting::Single),
            Some("group") => Ok(Nesting::Group),
            Some("list") => Ok(Nesting::List),
            Some("set") => Ok(Nesting::Set),
            Some("map") => Ok(Nesting::Map),
            Some(other) => Err(Error::new(format!("unknown nesting_mode `{other}`"))),
        }
    }
}

/// Attributes of a nested attribute type (protocol 6 `nested_type`).
#[derive(Clone, Debug)]
pub struct NestedType {
    pub nesting: Nesting,
    pub attributes: BTreeMap<String, Attribute>,
}

/// One attribute.
#[derive(Clone, Debug)]
pub struct Attribute {
    /// The type; `None` for nested attributes.
    pub ty: Option<Type>,
    pub nested: Option<NestedType>,
    pub required: bool,
    pub optional: bool,
    pub computed: bool,
    pub description: Option<String>,
    /// A subtree the schema does not describe: free-form JSON.
    pub opaque: bool,
}

impl Attribute {
    /// Computed by the provider and never set in configuration.
    pub fn read_only(&self) -> bool {
        self.computed && !self.optional && !self.required
    }
}

/// A nested block type.
#[derive(Clone, Debug)]
pub struct BlockType {
    pub nesting: Nesting,
    pub min_items: u64,
    pub max_items: u64,
    pub block: Block,
    pub opaque: bool,
}

impl BlockType {
    /// Written as one JSON object (single nesting, or a list or set of at most one).
    pub fn is_single(&self) -> bool {
        matches!(self.nesting, Nesting::Single | Nesting::Group)
            || (matches!(self.nesting, Nesting::List | Nesting::Set) && self.max_items == 1)
    }

    pub fn is_required(&self) -> bool {
        self.min_items >= 1
    }
}

/// A block: a resource, a data source, a provider configuration or a nested block.
#[derive(Clone, Debug, Default)]
pub struct Block {
    pub attributes: BTreeMap<String, Attribute>,
    pub block_types: BTreeMap<String, BlockType>,
    pub description: Option<String>,
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn description(v: &Value) -> Option<String> {
    v.get("description").and_then(Value::as_str).map(str::to_string).filter(|s| !s.trim().is_empty())
}

impl Attribute {
    fn parse(v: &Value, at: &str) -> Result<Attribute, Error> {
        let ty = match v.get("type") {
            Some(t) => Some(Type::parse(t).map_err(|e| e.at(at))?),
            None => None,
        };
        let nested = match v.get("nested_type") {
            Some(n) => Some(NestedType {
                nesting: Nesting::parse(n.get("nesting_mode"), Nesting::Single)?,
                attributes: parse_attributes(n.get("attributes"), at)?,
            }),
            None => None,
        };
        if ty.is_none() && nested.is_none() {
            return Err(Error::new(format!("{at}: attribute has neither `type` nor `nested_type`")));
        }
        Ok(Attribute {
            ty,
            nested,
            required: flag(v, "required"),
            optional: flag(v, "optional"),
            computed: flag(v, "computed"),
            description: description(v),
            opaque: flag(v, "x_opaque"),
        })
    }
}

fn parse_attributes(v: Option<&Value>, at: &str) -> Result<BTreeMap<String, Attribute>, Error> {
    let mut out = BTreeMap::new();
    if let Some(m) = v.and_then(Value::as_object) {
        for (name, a) in m {
            out.insert(name.clone(), Attribute::parse(a, &format!("{at}.{name}"))?);
        }
    }
    Ok(out)
}

impl Block {
    pub fn parse(v: &Value, at: &str) -> Result<Block, Error> {
        let mut block_types = BTreeMap::new();
        if let Some(m) = v.get("block_types").and_then(Value::as_object) {
            for (name, bt) in m {
                let here = format!("{at}.{name}");
                block_types.insert(
                    name.clone(),
                    BlockType {
                        nesting: Nesting::parse(bt.get("nesting_mode"), Nesting::List)?,
                        min_items: bt.get("min_items").and_then(Value::as_u64).unwrap_or(0),
                        max_items: bt.get("max_items").and_then(Value::as_u64).unwrap_or(0),
                        block: Block::parse(bt.get("block").unwrap_or(&Value::Null), &here)?,
                        opaque: flag(bt, "x_opaque"),
                    },
                );
            }
        }
        Ok(Block { attributes: parse_attributes(v.get("attributes"), at)?, block_types, description: description(v) })
    }
}

/// One provider's schema: its configuration block, resources and data sources.
#[derive(Clone, Debug)]
pub struct ProviderSchema {
    /// `registry.terraform.io/hashicorp/aws`.
    pub source: String,
    /// `6.25.0`, from the file's `x_source.provider_version`.
    pub version: String,
    pub provider: Block,
    pub resources: BTreeMap<String, Block>,
    pub data_sources: BTreeMap<String, Block>,
}

impl ProviderSchema {
    /// Reads a `terraform providers schema -json` document holding exactly one provider.
    pub fn parse(doc: &Value) -> Result<ProviderSchema, Error> {
        let (source, p) = single_provider(doc)?;
        let version = doc
            .pointer("/x_source/provider_version")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::new(format!("{source}: no x_source.provider_version")))?
            .to_string();
        let mut resources = BTreeMap::new();
        for (t, s) in p.get("resource_schemas").and_then(Value::as_object).into_iter().flatten() {
            resources.insert(t.clone(), Block::parse(&s["block"], t)?);
        }
        let mut data_sources = BTreeMap::new();
        for (t, s) in p.get("data_source_schemas").and_then(Value::as_object).into_iter().flatten() {
            data_sources.insert(t.clone(), Block::parse(&s["block"], &format!("data.{t}"))?);
        }
        Ok(ProviderSchema {
            source: source.to_string(),
            version,
            provider: Block::parse(&p["provider"]["block"], "provider")?,
            resources,
            data_sources,
        })
    }
}

/// The only entry of `provider_schemas`.
pub fn single_provider(doc: &Value) -> Result<(&str, &Value), Error> {
    let m = doc
        .get("provider_schemas")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::new("not a provider schema: no `provider_schemas`"))?;
    if m.len() != 1 {
        return Err(Error::new(format!("expected one provider in the schema, found {}", m.len())));
    }
    let (k, v) = m.iter().next().expect("one entry");
    Ok((k.as_str(), v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_parse_recursively() {
        let t = Type::parse(&serde_json::json!(["list", ["object", {"a": "string", "b": ["set", "number"]}]])).unwrap();
        let Type::List(inner) = t else { panic!() };
        let Type::Object(fields) = *inner else { panic!() };
        assert_eq!(fields["b"], Type::Set(Box::new(Type::Number)));
    }

    #[test]
    fn single_blocks_are_single_nesting_or_at_most_one() {
        let b = Block::parse(
            &serde_json::json!({"block_types": {
                "a": {"nesting_mode": "list", "max_items": 1, "block": {}},
                "b": {"nesting_mode": "set", "block": {}},
                "c": {"nesting_mode": "single", "block": {}}
            }}),
            "t",
        )
        .unwrap();
        assert!(b.block_types["a"].is_single());
        assert!(!b.block_types["b"].is_single());
        assert!(b.block_types["c"].is_single());
    }
}
