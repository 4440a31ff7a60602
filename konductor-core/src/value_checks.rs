//! Checks of every value in the tree, at synthesis: numbers JSON cannot hold (NaN, infinity), references
//! to elements of another app, and nesting too deep to write safely.

use std::fmt;

use crate::error::Problem;
use crate::expr::{Expr, ExprChild};
use crate::value::Val;

/// How deep values may nest: deeper than any Terraform configuration needs, shallow enough that writing
/// them can never exhaust the stack. Deeper values are an error, never cut off.
pub(crate) const MAX_DEPTH: usize = 512;

/// One step of the path to a value inside an attribute: a key or a list index.
#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// What is wrong with a value.
enum Issue {
    NotFinite(f64),
    Foreign(String),
    TooDeep,
}

/// The dotted path of a value (`ingress.0.from_port`), as `add_override` takes it.
struct Dotted<'s, 'a>(&'s [Seg<'a>]);

impl fmt::Display for Dotted<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            match s {
                Seg::Key(k) => f.write_str(k)?,
                Seg::Index(ix) => write!(f, "{ix}")?,
            }
        }
        Ok(())
    }
}

/// Walks values, collecting problems for one element.
pub(crate) struct ValueChecker<'p> {
    app: u32,
    segs: Vec<Seg<'p>>,
    found: Vec<(String, Issue)>,
}

impl<'p> ValueChecker<'p> {
    /// A checker for an element of app `app`.
    pub(crate) fn new(app: u32) -> Self {
        ValueChecker { app, segs: Vec::new(), found: Vec::new() }
    }

    /// Checks value `v` of attribute (or part) `name`.
    pub(crate) fn check(&mut self, name: &'p str, v: &'p Val) {
        // Most values are plain literals: nothing to walk, nothing to record.
        if matches!(v, Val::Null | Val::Bool(_) | Val::Int(_) | Val::Str(_)) {
            return;
        }
        self.segs.clear();
        self.segs.push(Seg::Key(name));
        self.val(v, 1);
    }

    /// Checks expression `e` of `name`.
    pub(crate) fn check_expr(&mut self, name: &'p str, e: &'p Expr) {
        self.segs.clear();
        self.segs.push(Seg::Key(name));
        self.expr(e, 1);
    }

    /// Checks the raw JSON of an override at `path` (only its depth: JSON holds no NaN and no handles).
    pub(crate) fn check_json(&mut self, path: &'p str, j: &serde_json::Value) {
        if json_depth(j, 1) > MAX_DEPTH {
            self.found.push((path.to_string(), Issue::TooDeep));
        }
    }

    fn record(&mut self, issue: Issue) {
        self.found.push((Dotted(&self.segs).to_string(), issue));
    }

    fn val(&mut self, v: &'p Val, depth: usize) {
        if depth > MAX_DEPTH {
            return self.record(Issue::TooDeep);
        }
        match v {
            Val::Float(f) if !f.is_finite() => self.record(Issue::NotFinite(*f)),
            Val::Expr(e) => self.expr(e, depth),
            Val::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.segs.push(Seg::Index(i));
                    self.val(item, depth + 1);
                    self.segs.pop();
                }
            }
            Val::Map(entries) => {
                for (k, item) in entries {
                    self.segs.push(Seg::Key(k));
                    self.val(item, depth + 1);
                    self.segs.pop();
                }
            }
            Val::Json(j) if json_depth(j, depth) > MAX_DEPTH => self.record(Issue::TooDeep),
            _ => {}
        }
    }

    fn expr(&mut self, e: &'p Expr, depth: usize) {
        if depth > MAX_DEPTH {
            return self.record(Issue::TooDeep);
        }
        e.for_each_child(&mut |child| match child {
            ExprChild::Ref(addr) if addr.app != self.app => self.record(Issue::Foreign(addr.address.to_string())),
            ExprChild::Ref(_) => {}
            ExprChild::Val(v) => self.val(v, depth + 1),
            ExprChild::Expr(inner) => self.expr(inner, depth + 1),
        });
    }

    /// Turns what was found into problems at `path`; `what` names the element (`aws_vpc`, `output`). The
    /// checker is then empty, ready for the next element.
    pub(crate) fn take_problems(&mut self, what: &str, path: &dyn Fn() -> String, problems: &mut Vec<Problem>) {
        for (at, issue) in self.found.drain(..) {
            problems.push(match issue {
                Issue::NotFinite(f) => {
                    let v = if f.is_nan() {
                        "NaN"
                    } else if f > 0.0 {
                        "infinity"
                    } else {
                        "-infinity"
                    };
                    Problem::new(path(), format!("{what} `{at}` is {v}, which JSON cannot hold"))
                        .with_fix("use a finite number (check the computation that produced it)")
                }
                Issue::Foreign(addr) => {
                    Problem::new(path(), format!("{what} `{at}` refers to `{addr}`, an element of another App"))
                        .with_fix("create both in the same App; handles of one App cannot be used in another")
                }
                Issue::TooDeep => {
                    Problem::new(path(), format!("{what} `{at}` nests values deeper than {MAX_DEPTH} levels"))
                        .with_fix("flatten the value: no Terraform configuration needs such depth")
                }
            });
        }
    }
}

/// How deep `j` nests, counting from `depth`, stopping just past [`MAX_DEPTH`].
fn json_depth(j: &serde_json::Value, depth: usize) -> usize {
    if depth > MAX_DEPTH {
        return depth;
    }
    let children: Box<dyn Iterator<Item = &serde_json::Value>> = match j {
        serde_json::Value::Array(items) => Box::new(items.iter()),
        serde_json::Value::Object(m) => Box::new(m.values()),
        _ => return depth,
    };
    children.map(|c| json_depth(c, depth + 1)).max().unwrap_or(depth)
}
