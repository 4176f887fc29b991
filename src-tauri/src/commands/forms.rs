//! Field checks for the UI's forms, answered by berth-core's rules.

use berth_core::forms::{self, Form, FormRules};
use berth_core::validation::FieldError;

/// Every broken rule of the form, one per field; empty when it may be sent.
#[tauri::command]
pub fn check_form(form: Form) -> Vec<FieldError> {
    forms::check(&form)
}

#[tauri::command]
pub fn form_rules() -> FormRules {
    forms::rules()
}
