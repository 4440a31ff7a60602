//! The hooks provider rules use beyond tables: group checks (the resources of one stack together) and
//! acknowledgements (a named, reasoned exception a check consults), through synthesis.

use konductor_core::rules::{CheckContext, GroupCheck, GroupMember, ResourceCheck, RuleSet};
use konductor_core::{App, AsScope, Construct, Environment, GenericResource, Stack};

/// A body with `"open": true` is refused unless rule `t-open` is acknowledged for it.
fn open_check(body: &serde_json::Value, ctx: &CheckContext<'_>) -> Vec<(String, String)> {
    if body["open"] != true || ctx.acknowledged("t-open", &body["tag"].to_string()).is_some() {
        return Vec::new();
    }
    vec![("is open".into(), "close it".into())]
}

/// The `share` values of every `t_part` of a stack must not add up to more than 100.
fn shares(members: &[&GroupMember<'_>]) -> Vec<(usize, String, String)> {
    let total: i64 = members.iter().map(|m| m.body["share"].as_i64().unwrap_or(0)).sum();
    if total <= 100 {
        return Vec::new();
    }
    let others: Vec<String> = members[1..].iter().map(|m| format!("{} ({})", m.path, m.address)).collect();
    vec![(0, format!("shares add up to {total} with {}", others.join(", ")), "lower them".into())]
}

static RULES: RuleSet = RuleSet {
    name: "t",
    destroy: &[],
    names: &[],
    checks: &[ResourceCheck { resource_type: "t_door", check: open_check }],
    groups: &[GroupCheck { resource_types: &["t_part"], check: shares }],
};

fn stack(app: &App, name: &str) -> Stack {
    let s = Stack::new(app, name, &Environment::new("dev").unwrap());
    s.scope().register_rules(&RULES);
    s
}

#[test]
fn group_checks_see_the_resources_of_one_stack_together() {
    let app = App::new();
    let a = stack(&app, "a");
    GenericResource::new(&a, "one", "t_part").set("share", 60);
    GenericResource::new(&a, "two", "t_part").set("share", 30).add_override("share", 50);
    GenericResource::new(&a, "other", "t_door");
    // Another stack's parts are another group.
    let b = stack(&app, "b");
    GenericResource::new(&b, "three", "t_part").set("share", 60);
    let err = app.synthesize().unwrap_err();
    assert_eq!(err.problems().len(), 1, "{err}");
    assert_eq!(
        err.problems()[0].to_string(),
        "[a/one] t_part shares add up to 110 with a/two (t_part.two): lower them"
    );
}

#[test]
fn acknowledgements_cover_their_subtree_or_their_exact_subject() {
    let app = App::new();
    let s = stack(&app, "s");
    let allowed = Construct::new(&s, "allowed");
    allowed.scope().acknowledge("t-open", "the fire exit");
    GenericResource::new(&allowed, "exit", "t_door").set("open", true).set("tag", "a");
    // The subject acknowledged elsewhere covers this body wherever it is.
    Construct::new(&s, "elsewhere").scope().acknowledge_subject("t-open", "\"b\"", "the loading bay");
    GenericResource::new(&s, "bay", "t_door").set("open", true).set("tag", "b");
    // Neither covers this one.
    GenericResource::new(&s, "front", "t_door").set("open", true).set("tag", "c");
    // An acknowledgement without a reason is itself an error.
    s.scope().acknowledge("t-open", " ");
    let err = app.synthesize().unwrap_err();
    let text: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "[s] acknowledges rule `t-open` with an empty reason: say why the exception is needed, for the reviewers",
            "[s/front] t_door is open: close it"
        ]
    );
}
