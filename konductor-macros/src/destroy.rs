//! The attributes that can block `terraform destroy`, and the value each must be pinned to.

use crate::model::{AttrType, Pin};

/// The destroyable value of `name`, if it is a destroyability attribute. `deletion_protection` is a
/// boolean on most resources and a string elsewhere (`INACTIVE` on Cognito user pools, `DISABLED` on
/// Verified Permissions policy stores).
pub fn destroyable_value(name: &str, ty: &AttrType) -> Option<Pin> {
    let is_string = matches!(ty, AttrType::Value(t) if matches!(&**t, syn::Type::Path(p) if p.path.is_ident("String")));
    Some(match name {
        "deletion_protection" if is_string => Pin::Str("INACTIVE".into()),
        "deletion_protection" | "deletion_protection_enabled" | "enable_deletion_protection" => Pin::Bool(false),
        "disable_api_termination" | "skip_destroy" | "prevent_destroy" => Pin::Bool(false),
        "skip_final_snapshot" | "force_destroy" | "force_delete" | "close_on_deletion" => Pin::Bool(true),
        "recovery_window_in_days" => Pin::Int(0),
        "deletion_window_in_days" => Pin::Int(7),
        _ => return None,
    })
}

pub fn describe(p: &Pin) -> String {
    match p {
        Pin::Bool(b) => b.to_string(),
        Pin::Int(i) => i.to_string(),
        Pin::Str(s) => format!("{s:?}"),
    }
}

/// Whether `have` is the destroyable value `want`. A string `deletion_protection` has a different
/// vocabulary per service, so any pinned string is accepted there (the synthesis rules check the value).
pub fn same(a: &Pin, b: &Pin) -> bool {
    match (a, b) {
        (Pin::Str(want), Pin::Str(_)) if want == "INACTIVE" => true,
        (Pin::Bool(x), Pin::Bool(y)) => x == y,
        (Pin::Int(x), Pin::Int(y)) => x == y,
        (Pin::Str(x), Pin::Str(y)) => x == y,
        _ => false,
    }
}
