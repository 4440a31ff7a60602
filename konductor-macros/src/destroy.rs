//! The attributes that can block `terraform destroy`, and the value each must be pinned to.

use crate::model::{AttrType, Pin};

/// The destroyable value of `name` on resource type `tf_type`, if it is a destroyability attribute.
/// `deletion_protection` is a boolean on most resources and a string on a few, whose vocabulary differs:
/// `DISABLED` on Verified Permissions policy stores, `INACTIVE` elsewhere (Cognito user pools).
pub fn destroyable_value(name: &str, ty: &AttrType, tf_type: Option<&str>) -> Option<Pin> {
    let is_string = matches!(ty, AttrType::Value(t) if matches!(&**t, syn::Type::Path(p) if p.path.is_ident("String")));
    Some(match name {
        "deletion_protection" if is_string => match tf_type {
            Some("aws_verifiedpermissions_policy_store") => Pin::Str("DISABLED".into()),
            _ => Pin::Str("INACTIVE".into()),
        },
        "deletion_protection" | "deletion_protection_enabled" | "enable_deletion_protection" => Pin::Bool(false),
        "disable_api_termination" | "skip_destroy" | "prevent_destroy" => Pin::Bool(false),
        "skip_final_snapshot" | "force_destroy" | "force_delete" | "close_on_deletion" => Pin::Bool(true),
        "recovery_window_in_days" => Pin::Int(0),
        // Destroy schedules the deletion; AWS accepts 7 to 30 days (Payment Cryptography 3 to 180), and any of
        // them lets `terraform destroy` finish.
        "deletion_window_in_days" => match tf_type {
            Some("aws_paymentcryptography_key") => Pin::Range(3, 180),
            _ => Pin::Range(7, 30),
        },
        _ => return None,
    })
}

pub fn describe(p: &Pin) -> String {
    match p {
        Pin::Bool(b) => b.to_string(),
        Pin::Int(i) => i.to_string(),
        Pin::Str(s) => format!("{s:?}"),
        Pin::Range(lo, hi) => format!("{lo}..={hi}"),
    }
}

/// Whether two pinned values are the same.
pub fn same(a: &Pin, b: &Pin) -> bool {
    match (a, b) {
        (Pin::Bool(x), Pin::Bool(y)) => x == y,
        (Pin::Int(x), Pin::Int(y)) => x == y,
        (Pin::Str(x), Pin::Str(y)) => x == y,
        (Pin::Range(a, b), Pin::Range(c, d)) => a == c && b == d,
        _ => false,
    }
}
