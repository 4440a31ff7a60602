//! Values of attributes: [`Val`], the untyped tree every element is written from, and [`Value<T>`], its
//! typed face, with the conversions ([`IntoValue`], [`IntoName`]) that decide what an attribute accepts.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::marker::PhantomData;
use std::rc::Rc;

use crate::environment::Name;
use crate::expr::{Attr, Expr};
use crate::json::cmp_keys;

/// Free-form JSON, the type of opaque schema subtrees.
pub type Json = serde_json::Value;

/// An object key: static for schema-known keys, owned for user-given ones (tags, generic attributes).
pub type Key = Cow<'static, str>;

/// An attribute value, untyped: what typed setters store and what the writer reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// JSON `null`: an object attribute's unset key.
    Null,
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A fractional number.
    Float(f64),
    /// Literal text; `${` and `%{` are escaped when written, so text never becomes Terraform syntax.
    Str(Box<str>),
    /// A Terraform expression, written as `"${...}"`.
    Expr(Expr),
    /// A list, set or tuple.
    List(Vec<Val>),
    /// A map, object or nested block: keys sorted with [`cmp_keys`], unique.
    Map(Vec<(Key, Val)>),
    /// Free-form JSON (opaque schema subtrees); strings in it are escaped like [`Val::Str`].
    Json(Rc<serde_json::Value>),
}

impl Val {
    /// A map from entries in any order; a later duplicate key replaces an earlier one.
    pub fn map(entries: impl IntoIterator<Item = (Key, Val)>) -> Val {
        let mut v: Vec<(Key, Val)> = entries.into_iter().collect();
        sort_entries(&mut v);
        Val::Map(v)
    }

    /// Literal text.
    pub fn str(s: impl Into<Box<str>>) -> Val {
        Val::Str(s.into())
    }

    /// The entry at `key` of a map value.
    pub fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a literal string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    /// This value as `serde_json`, expressions rendered in their own stack (for tests and checks).
    pub fn to_json_lossy(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Val::Null => J::Null,
            Val::Bool(b) => J::Bool(*b),
            Val::Int(i) => J::from(*i),
            Val::Float(f) => serde_json::Number::from_f64(*f).map(J::Number).unwrap_or(J::Null),
            Val::Str(s) => J::String(s.to_string()),
            Val::Expr(e) => {
                // Straight into the string (`to_string` would write a copy of it through a formatter).
                let mut text = String::new();
                e.write_string(&crate::expr::SameStack, &mut text);
                J::String(text)
            }
            Val::List(items) => J::Array(items.iter().map(Val::to_json_lossy).collect()),
            Val::Map(entries) => J::Object(entries.iter().map(|(k, v)| (k.to_string(), v.to_json_lossy())).collect()),
            Val::Json(j) => (**j).clone(),
        }
    }
}

/// Sorts entries by key with [`cmp_keys`] (only when they are not sorted already) and keeps the last of
/// equal keys.
pub(crate) fn sort_entries(v: &mut Vec<(Key, Val)>) {
    if !v.windows(2).all(|w| cmp_keys(&w[0].0, &w[1].0).is_lt()) {
        // A stable sort keeps equal keys in order; keep the last of them.
        v.sort_by(|a, b| cmp_keys(&a.0, &b.0));
        v.dedup_by(|later, earlier| {
            if later.0 == earlier.0 {
                std::mem::swap(&mut later.1, &mut earlier.1);
                true
            } else {
                false
            }
        });
    }
}

/// A list of values: of references (`vpc.subnet_ids(Tier::App)`), literals or expressions, so that a list
/// of handles' attributes can be an output.
///
/// ```
/// use konductor_core::{testing, GenericResource, Output};
/// let json = testing::synth(|stack| {
///     let a = GenericResource::new(stack, "a", "aws_subnet");
///     let b = GenericResource::new(stack, "b", "aws_subnet");
///     Output::new(stack, "subnet-ids", vec![a.attr("id"), b.attr("id")]);
/// });
/// assert_eq!(json["output"]["subnet-ids"]["value"], serde_json::json!(["${aws_subnet.a.id}", "${aws_subnet.b.id}"]));
/// ```
impl<T: Into<Val>> From<Vec<T>> for Val {
    fn from(items: Vec<T>) -> Val {
        Val::List(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Val>, const N: usize> From<[T; N]> for Val {
    fn from(items: [T; N]) -> Val {
        Val::List(items.into_iter().map(Into::into).collect())
    }
}

/// A typed attribute value: a literal `T` or an expression.
///
/// `T` is a marker of the Terraform type: `String`, `bool`, `f64` (number), `Vec<T>`, `BTreeMap<String, T>`,
/// [`Name`], `serde_json::Value`, or a generated block type.
///
/// ```
/// use konductor_core::{Value, Val};
/// let v: Value<String> = Value::new("10.0.0.0/16");
/// assert_eq!(v.val(), &Val::str("10.0.0.0/16"));
/// ```
pub struct Value<T> {
    val: Val,
    _type: PhantomData<fn() -> T>,
}

impl<T> Value<T> {
    /// A value from anything the type accepts.
    pub fn new(v: impl IntoValue<T>) -> Self {
        Value { val: v.into_val(), _type: PhantomData }
    }

    /// A value from an untyped [`Val`]; the caller vouches for its type.
    pub fn from_val(val: Val) -> Self {
        Value { val, _type: PhantomData }
    }

    /// The untyped value.
    pub fn val(&self) -> &Val {
        &self.val
    }

    /// The untyped value, owned.
    pub fn into_val(self) -> Val {
        self.val
    }
}

impl<T> Clone for Value<T> {
    fn clone(&self) -> Self {
        Value { val: self.val.clone(), _type: PhantomData }
    }
}

impl<T> std::fmt::Debug for Value<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.val.fmt(f)
    }
}

impl<T> PartialEq for Value<T> {
    fn eq(&self, other: &Self) -> bool {
        self.val == other.val
    }
}

impl<T> From<Value<T>> for Val {
    fn from(v: Value<T>) -> Val {
        v.val
    }
}

/// What an attribute of Terraform type `T` accepts.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a value of type `{T}`",
    label = "expected a `{T}` literal or an expression",
    note = "strings take &str or String, numbers take integers or f64, lists take Vec or arrays, maps take BTreeMap or arrays of pairs; any attribute takes an expression (`Expr`)"
)]
pub trait IntoValue<T> {
    /// The untyped value.
    fn into_val(self) -> Val;
}

/// What a physical-name attribute accepts: a [`Name`] (made by `scope.name("...")`) or an expression.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `Name`: physical resource names must carry the environment suffix",
    label = "plain text cannot be a physical name",
    note = "make the name with `scope.name(\"...\")`, which appends the environment suffix (`security-bucket` becomes `security-bucket-dev`), or pass an expression"
)]
pub trait IntoName {
    /// The untyped value.
    fn into_name_val(self) -> Val;
}

impl<T> IntoValue<T> for Value<T> {
    fn into_val(self) -> Val {
        self.val
    }
}
impl<T> IntoValue<T> for &Value<T> {
    fn into_val(self) -> Val {
        self.val.clone()
    }
}
/// An untyped value goes anywhere: the caller vouches for its type.
impl<T> IntoValue<T> for Val {
    fn into_val(self) -> Val {
        self
    }
}
impl<T> IntoValue<T> for Expr {
    fn into_val(self) -> Val {
        Val::Expr(self)
    }
}
impl<T> IntoValue<T> for &Expr {
    fn into_val(self) -> Val {
        Val::Expr(self.clone())
    }
}
impl<T> IntoValue<T> for Attr<T> {
    fn into_val(self) -> Val {
        Val::Expr(self.into_expr())
    }
}
impl<T> IntoValue<T> for &Attr<T> {
    fn into_val(self) -> Val {
        Val::Expr(self.expr().clone())
    }
}

impl IntoValue<String> for &str {
    fn into_val(self) -> Val {
        Val::str(self)
    }
}
impl IntoValue<String> for String {
    fn into_val(self) -> Val {
        Val::str(self)
    }
}
impl IntoValue<String> for &String {
    fn into_val(self) -> Val {
        Val::str(self.as_str())
    }
}
impl IntoValue<String> for Cow<'_, str> {
    fn into_val(self) -> Val {
        Val::str(&*self)
    }
}
impl IntoValue<String> for Name {
    fn into_val(self) -> Val {
        self.into_literal()
    }
}
impl IntoValue<String> for &Name {
    fn into_val(self) -> Val {
        Val::str(self.as_str())
    }
}
impl IntoValue<String> for Attr<Name> {
    fn into_val(self) -> Val {
        Val::Expr(self.into_expr())
    }
}

impl IntoValue<bool> for bool {
    fn into_val(self) -> Val {
        Val::Bool(self)
    }
}

macro_rules! int_into_number {
    ($($t:ty),*) => {$(
        impl IntoValue<f64> for $t {
            fn into_val(self) -> Val {
                Val::Int(self as i64)
            }
        }
    )*};
}
int_into_number!(i8, i16, i32, i64, u8, u16, u32);

impl IntoValue<f64> for u64 {
    fn into_val(self) -> Val {
        match i64::try_from(self) {
            Ok(i) => Val::Int(i),
            Err(_) => Val::Float(self as f64),
        }
    }
}
impl IntoValue<f64> for usize {
    fn into_val(self) -> Val {
        (self as u64).into_val()
    }
}
impl IntoValue<f64> for f64 {
    fn into_val(self) -> Val {
        if self.fract() == 0.0 && self.abs() < 9.0e15 {
            Val::Int(self as i64)
        } else {
            Val::Float(self)
        }
    }
}

impl IntoValue<serde_json::Value> for serde_json::Value {
    fn into_val(self) -> Val {
        Val::Json(Rc::new(self))
    }
}

impl<T, X: IntoValue<T>> IntoValue<Vec<T>> for Vec<X> {
    fn into_val(self) -> Val {
        Val::List(self.into_iter().map(IntoValue::into_val).collect())
    }
}
impl<T, X: IntoValue<T>, const N: usize> IntoValue<Vec<T>> for [X; N] {
    fn into_val(self) -> Val {
        Val::List(self.into_iter().map(IntoValue::into_val).collect())
    }
}
impl<T, X: IntoValue<T> + Clone> IntoValue<Vec<T>> for &[X] {
    fn into_val(self) -> Val {
        Val::List(self.iter().cloned().map(IntoValue::into_val).collect())
    }
}

impl<T, K: Into<String>, X: IntoValue<T>> IntoValue<BTreeMap<String, T>> for BTreeMap<K, X> {
    fn into_val(self) -> Val {
        Val::map(self.into_iter().map(|(k, v)| (Key::Owned(k.into()), v.into_val())))
    }
}
impl<T, K: Into<String>, X: IntoValue<T>, S> IntoValue<BTreeMap<String, T>> for HashMap<K, X, S> {
    fn into_val(self) -> Val {
        Val::map(self.into_iter().map(|(k, v)| (Key::Owned(k.into()), v.into_val())))
    }
}
impl<T, K: Into<String>, X: IntoValue<T>, const N: usize> IntoValue<BTreeMap<String, T>> for [(K, X); N] {
    fn into_val(self) -> Val {
        Val::map(self.into_iter().map(|(k, v)| (Key::Owned(k.into()), v.into_val())))
    }
}
impl<T, K: Into<String>, X: IntoValue<T>> IntoValue<BTreeMap<String, T>> for Vec<(K, X)> {
    fn into_val(self) -> Val {
        Val::map(self.into_iter().map(|(k, v)| (Key::Owned(k.into()), v.into_val())))
    }
}

impl IntoName for Name {
    fn into_name_val(self) -> Val {
        self.into_literal()
    }
}
impl IntoName for &Name {
    fn into_name_val(self) -> Val {
        Val::str(self.as_str())
    }
}
impl IntoName for Expr {
    fn into_name_val(self) -> Val {
        Val::Expr(self)
    }
}
impl IntoName for &Expr {
    fn into_name_val(self) -> Val {
        Val::Expr(self.clone())
    }
}
impl<T> IntoName for Attr<T> {
    fn into_name_val(self) -> Val {
        Val::Expr(self.into_expr())
    }
}
impl<T> IntoName for &Attr<T> {
    fn into_name_val(self) -> Val {
        Val::Expr(self.expr().clone())
    }
}
impl IntoName for Value<Name> {
    fn into_name_val(self) -> Val {
        self.val
    }
}
impl IntoValue<Name> for Name {
    fn into_val(self) -> Val {
        self.into_name_val()
    }
}
impl IntoValue<Name> for &Name {
    fn into_val(self) -> Val {
        self.into_name_val()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_sort_their_keys_and_keep_the_last_duplicate() {
        let v = Val::map([("b".into(), Val::Int(1)), ("a".into(), Val::Int(2)), ("b".into(), Val::Int(3))]);
        assert_eq!(v, Val::Map(vec![("a".into(), Val::Int(2)), ("b".into(), Val::Int(3))]));
    }

    #[test]
    fn numbers_convert_to_whole_or_fractional() {
        assert_eq!(IntoValue::<f64>::into_val(443u16), Val::Int(443));
        assert_eq!(IntoValue::<f64>::into_val(2.0f64), Val::Int(2));
        assert_eq!(IntoValue::<f64>::into_val(0.5f64), Val::Float(0.5));
    }

    #[test]
    fn collections_convert_element_by_element() {
        let l: Value<Vec<String>> = Value::new(["a", "b"]);
        assert_eq!(l.val(), &Val::List(vec![Val::str("a"), Val::str("b")]));
        let m: Value<BTreeMap<String, String>> = Value::new([("Z", "1"), ("A", "2")]);
        assert_eq!(m.val().get("A"), Some(&Val::str("2")));
    }
}
