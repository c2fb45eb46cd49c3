//! `schema`: the JSON Schema of the routine format, for editors.

use crate::error::exit;

pub fn schema() -> i32 {
    print!("{}", crate::routine::json_schema());
    exit::OK
}
