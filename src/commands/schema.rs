//! `schema`: the JSON Schema of the routine format, for editors.

use crate::error::{AppError, exit};

pub(super) fn schema() -> Result<i32, AppError> {
    crate::commands::write_out(format_args!("{}", crate::routine::json_schema()))?;
    Ok(exit::OK)
}
