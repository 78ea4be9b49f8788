//! The README's error table is the core's table of errors: number, code and message of every
//! variant, in order, and nothing else. On a mismatch the test prints the table to paste.

use idgate::Error;

const README: &str = include_str!("../README.md");

fn expected_rows() -> Vec<String> {
    Error::ALL
        .iter()
        .map(|e| format!("| {} | `{}` | {} |", e.number(), e.code(), e.message()))
        .collect()
}

#[test]
fn readme_error_table_is_the_error_table() {
    let section = README
        .split("\n## Error codes\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has an `## Error codes` section");
    let rows: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| # "))
        .collect();
    let expected = expected_rows();
    assert_eq!(
        rows,
        expected,
        "the README's error table is out of date; it should read:\n\n| # | code | the check that failed |\n|---|---|---|\n{}\n",
        expected.join("\n")
    );
}
