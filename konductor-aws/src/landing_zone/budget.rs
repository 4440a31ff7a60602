//! [`AccountBudget`]: a monthly cost budget for one member account, with alerts at 50, 80 and 100 %.

use konductor_core::{AsScope, Construct, IntoValue, Result, Scope, Val};

use crate::l1::budgets::{BudgetsBudget, BudgetsBudgetCostFilter, BudgetsBudgetNotification};
use crate::network::child_path;

/// The percentages of the limit at which actual spend alerts; forecast spend alerts at 100 % too.
pub const BUDGET_ALERT_PERCENTAGES: [u32; 3] = [50, 80, 100];

/// A monthly cost budget of `limit_usd` for the member account `account_id` (run from the management
/// account, filtered on `LinkedAccount`), alerting `topic_arn` (when given) and `emails` when actual
/// spend passes 50, 80 and 100 % of the limit and when the forecast passes 100 %.
///
/// ```
/// use konductor_aws::landing_zone::AccountBudget;
/// let json = konductor_core::testing::synth(|stack| {
///     AccountBudget::new(stack, "prod-budget", "111111111111", 5000, Some("arn:aws:sns:us-east-1:1:budgets".into()), &["finops@example.com"]).unwrap();
/// });
/// let (_, budget) = json["resource"]["aws_budgets_budget"].as_object().unwrap().iter().next().unwrap();
/// assert_eq!(budget["notification"].as_array().unwrap().len(), 4);
/// ```
#[derive(Clone, Debug)]
pub struct AccountBudget {
    scope: Construct,
    budget: BudgetsBudget,
}

impl AsScope for AccountBudget {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl AccountBudget {
    /// The budget under `scope` with `id`; a limit of 0 is an error.
    pub fn new(
        scope: &impl AsScope,
        id: &str,
        account_id: impl IntoValue<String>,
        limit_usd: u32,
        topic_arn: Option<Val>,
        emails: &[&str],
    ) -> Result<Self> {
        if topic_arn.is_none() && emails.is_empty() {
            return Err(konductor_core::Error::invalid(
                child_path(scope, id),
                "a budget alerting no one",
                "give a topic ARN or at least one email address",
            ));
        }
        if limit_usd == 0 {
            return Err(konductor_core::Error::invalid(
                child_path(scope, id),
                "a budget limit of 0 USD alerts on every cent",
                "give the monthly limit in US dollars, for example 1000",
            ));
        }
        let scope = Construct::new(scope, id);
        let emails: Vec<String> = emails.iter().map(|e| e.to_string()).collect();
        let notification = |kind: &str, percent: u32| {
            let mut n = BudgetsBudgetNotification::builder()
                .comparison_operator("GREATER_THAN")
                .notification_type(kind)
                .threshold(percent)
                .threshold_type("PERCENTAGE");
            if let Some(topic) = &topic_arn {
                n = n.subscriber_sns_topic_arns(Val::List(vec![topic.clone()]));
            }
            if !emails.is_empty() {
                n = n.subscriber_email_addresses(emails.clone());
            }
            n.build()
        };
        let mut notifications: Vec<_> = BUDGET_ALERT_PERCENTAGES.iter().map(|p| notification("ACTUAL", *p)).collect();
        notifications.push(notification("FORECASTED", 100));
        let budget = BudgetsBudget::builder(&scope, "budget")
            .name(scope.name(id))
            .budget_type("COST")
            .time_unit("MONTHLY")
            .limit_amount(format!("{limit_usd}"))
            .limit_unit("USD")
            .cost_filter(vec![BudgetsBudgetCostFilter::builder()
                .name("LinkedAccount")
                .values(Val::List(vec![account_id.into_val()]))
                .build()])
            .notification(notifications)
            .build();
        Ok(AccountBudget { scope, budget })
    }

    /// The budget resource.
    pub fn budget(&self) -> &BudgetsBudget {
        &self.budget
    }
}
