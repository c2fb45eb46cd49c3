//! The JSON Schema that editors use: the committed copy is current, and every built-in
//! routine and README example satisfies it, while a broken file does not.

use psoas_timer::routine::json_schema;
use psoas_timer::routine::library::BUILTINS;

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn as_json(toml_text: &str) -> serde_json::Value {
    let value: toml::Value = toml::from_str(toml_text).expect("valid TOML");
    serde_json::to_value(value).unwrap()
}

#[test]
fn the_committed_schema_is_current() {
    let committed =
        std::fs::read_to_string(crate::common::root().join("schema/routine.schema.json")).unwrap();
    assert_eq!(
        committed,
        json_schema(),
        "run `cargo run -- schema > schema/routine.schema.json`"
    );
}

#[test]
fn every_builtin_satisfies_the_schema() {
    let validator = validator();
    for builtin in BUILTINS {
        assert!(
            builtin
                .text
                .starts_with("#:schema ../schema/routine.schema.json\n"),
            "{} names its schema",
            builtin.id
        );
        let errors: Vec<String> = validator
            .iter_errors(&as_json(builtin.text))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", builtin.id);
    }
}

#[test]
fn the_schema_catches_unknown_keys_and_missing_titles() {
    let validator = validator();
    let typo = as_json("version = 1\nname = \"x\"\n[[steps]]\ntitle = \"a\"\ndurration = \"5m\"\n");
    assert!(!validator.is_valid(&typo));
    let untitled = as_json("version = 1\nname = \"x\"\n[[steps]]\nduration = \"5m\"\n");
    assert!(!validator.is_valid(&untitled));
    let fine = as_json("version = 1\nname = \"x\"\n[[steps]]\ntitle = \"a\"\nduration = \"5m\"\n");
    assert!(validator.is_valid(&fine));
}
