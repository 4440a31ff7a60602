//! [`CentralBackup`]: the backup account's KMS-encrypted vault, a copy vault in a second region, and the
//! daily plan that copies every recovery point there.

use konductor_core::compliance::nist_800_53;
use konductor_core::{AsProvider, AsScope, Construct, Result, Scope};

use crate::iam::{ManagedPolicy, Role, RoleProps, Trust};
use crate::kms::{Key, KeyProps};
use crate::l1::backup::{
    BackupPlan, BackupPlanRule, BackupPlanRuleCopyAction, BackupPlanRuleCopyActionLifecycle, BackupPlanRuleLifecycle,
    BackupSelection, BackupSelectionSelectionTag, BackupVault,
};

/// Days a recovery point is kept, in both regions.
pub const BACKUP_RETENTION_DAYS: u32 = 35;
/// The tag that puts a resource in the plan: `backup = daily`.
pub const BACKUP_TAG: (&str, &str) = ("backup", "daily");

/// The backup account's vaults and plan: a vault encrypted with its own rotating key, a copy vault
/// (with its own key) in the region `copy_provider` manages, a daily 05:00 UTC rule keeping recovery
/// points [`BACKUP_RETENTION_DAYS`] and copying each to the other region, and a selection of every
/// resource tagged [`BACKUP_TAG`], backed up by a role with AWS's backup and restore policies.
///
/// ```
/// use konductor_aws::landing_zone::CentralBackup;
/// use konductor_aws::AwsProvider;
/// let json = konductor_core::testing::synth(|stack| {
///     AwsProvider::builder(stack, "aws").region("us-east-1").build();
///     let west = AwsProvider::builder(stack, "west").region("us-west-2").alias("west").build();
///     CentralBackup::new(stack, "backup", &west).unwrap();
/// });
/// let (_, plan) = konductor_core::testing::resources(&json, "aws_backup_plan")[0];
/// assert_eq!(plan["rule"][0]["copy_action"][0]["lifecycle"]["delete_after"], 35);
/// ```
#[derive(Clone, Debug)]
pub struct CentralBackup {
    scope: Construct,
    vault: BackupVault,
    copy_vault: BackupVault,
    plan: BackupPlan,
}

impl AsScope for CentralBackup {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl CentralBackup {
    /// The vaults and plan under `scope` with `id`; the copy vault goes through `copy_provider` (the same
    /// account in another region).
    pub fn new(scope: &impl AsScope, id: &str, copy_provider: &impl AsProvider) -> Result<Self> {
        let scope = Construct::new(scope, id);
        scope.scope().implements(nist_800_53::CP_9, "a daily backup plan keeps 35 days of recovery points");
        scope.scope().implements(
            nist_800_53::CP_10,
            "every recovery point is copied to a vault in a second region, each vault with its own KMS key",
        );
        let key =
            Key::new(&scope, "key", KeyProps::builder().alias("backup-vault").description("backup vault").build()?)?;
        let vault =
            BackupVault::builder(&scope, "vault").name(scope.name("backup-vault")).kms_key_arn(key.arn()).build();
        let copy = Construct::new(&scope, "copy").with_provider(copy_provider);
        let copy_key = Key::new(
            &copy,
            "key",
            KeyProps::builder().alias("backup-vault-copy").description("backup copy vault").build()?,
        )?;
        let copy_vault = BackupVault::builder(&copy, "vault")
            .name(scope.name("backup-vault-copy"))
            .kms_key_arn(copy_key.arn())
            .build();
        let plan = BackupPlan::builder(&scope, "plan")
            .name(scope.name("daily"))
            .rule(vec![BackupPlanRule::builder()
                .rule_name("daily")
                .target_vault_name(vault.name())
                .schedule("cron(0 5 * * ? *)")
                .start_window(60)
                .completion_window(360)
                .lifecycle(BackupPlanRuleLifecycle::builder().delete_after(BACKUP_RETENTION_DAYS).build())
                .copy_action(vec![BackupPlanRuleCopyAction::builder()
                    .destination_vault_arn(copy_vault.arn())
                    .lifecycle(BackupPlanRuleCopyActionLifecycle::builder().delete_after(BACKUP_RETENTION_DAYS).build())
                    .build()])
                .build()])
            .build();
        let role = Role::new(
            &scope,
            "role",
            RoleProps::builder()
                .name("backup")
                .description("AWS Backup: backs up and restores the tagged resources")
                .trust(Trust::service("backup").from_this_account())
                .managed_policy(ManagedPolicy::aws("service-role/AWSBackupServiceRolePolicyForBackup"))
                .managed_policy(ManagedPolicy::aws("service-role/AWSBackupServiceRolePolicyForRestores"))
                .build()?,
        )?;
        BackupSelection::builder(&scope, "selection")
            .name(scope.name("tagged-daily").as_str())
            .plan_id(plan.id())
            .iam_role_arn(role.arn())
            .selection_tag(vec![BackupSelectionSelectionTag::builder()
                .r#type("STRINGEQUALS")
                .key(BACKUP_TAG.0)
                .value(BACKUP_TAG.1)
                .build()])
            .build();
        Ok(CentralBackup { scope, vault, copy_vault, plan })
    }

    /// The vault in the home region.
    pub fn vault(&self) -> &BackupVault {
        &self.vault
    }

    /// The copy vault in the second region.
    pub fn copy_vault(&self) -> &BackupVault {
        &self.copy_vault
    }

    /// The plan.
    pub fn plan(&self) -> &BackupPlan {
        &self.plan
    }
}
