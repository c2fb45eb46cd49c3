//! `history export` and `remind`, read back by parsers that are not ours: Python's `csv`
//! module and the `icalendar` package, as a spreadsheet or a calendar would read them.

use std::path::Path;
use std::process::Command;

use crate::common::{Test, can_run};

/// A note with everything iCalendar escapes, and text that is not ASCII.
const NOTE: &str = "Hips heavy, jaw soft; then \\ a long exhale,\nsecond line: Ça va, 呼吸 🧘";

/// A routine's name long enough that its SUMMARY line must be folded.
fn long_name() -> String {
    "Constructive rest with a very long name, ".repeat(3) + "and accents: éèà"
}

/// A history of three sessions: a complete one with notes, a stopped one from an older
/// line, and one added by hand.
fn history() -> String {
    let first = serde_json::json!({
        "start": "2026-11-28T07:10:00+01:00", "routine": "constructive-rest",
        "name": long_name(), "length_ms": 1_200_000, "practiced_ms": 1_195_500,
        "completed": true, "reached_end": true, "ended_in_step": 5, "steps_reached": 5,
        "steps": 5, "skipped_ms": 4_500, "steps_skipped": 1, "max_late_us": 812,
        "paused_ms": 30_000, "ended_in_title": "Rest", "notes": [NOTE, "=1+1"],
    });
    let older = r#"{"start":"2026-11-29T21:40:00-03:30","routine":"yin","name":"Yin, hips","length_ms":1200000,"practiced_ms":431250,"completed":false,"steps_reached":3,"steps":5,"max_late_us":1204}"#;
    let by_hand = serde_json::json!({
        "start": "2026-12-01T18:00:00Z", "routine": "walk", "name": "Walk",
        "length_ms": 1_800_000, "practiced_ms": 1_800_000, "completed": true,
        "steps_reached": 0, "steps": 0, "max_late_us": 0, "by_hand": true,
    });
    format!("{first}\n{older}\n{{damaged\n{by_hand}\n")
}

/// A Python that can import `module`: the one on PATH, else the system's.
fn python_with(module: &str) -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|out| out.status.success())
    })
}

/// What a Python script printed as JSON, given `path`.
fn python_json(python: &str, script: &str, path: &Path) -> serde_json::Value {
    let out = Command::new(python)
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the script prints JSON")
}

#[test]
fn csv_reads_back_in_python_with_every_session_and_its_fields() {
    let Some(python) = python_with("csv") else {
        can_run(false, "python3");
        return;
    };
    let test = Test::new().home_file("history.jsonl", &history());
    let out = test.dir().join("practice.csv");
    let run = test
        .args(["history", "export", "--format", "csv", "-o"])
        .args([out.to_str().unwrap()])
        .stderr_has("line 3")
        .run();
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], newline='', encoding='utf-8') as f:\n    \
                  print(json.dumps(list(csv.DictReader(f))))";
    let rows = python_json(python, script, &out);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{run:?}");
    let field = |row: usize, name: &str| rows[row][name].as_str().unwrap().to_owned();
    assert_eq!(field(0, "name"), long_name());
    assert_eq!(field(0, "start"), "2026-11-28T07:10:00");
    assert_eq!(field(0, "end"), "2026-11-28T07:30:00");
    assert_eq!(field(0, "utc_offset"), "+01:00");
    assert_eq!(field(0, "practiced_s"), "1195.5");
    assert_eq!(field(0, "practiced_min"), "19.93");
    assert_eq!(field(0, "paused_s"), "30");
    assert_eq!(field(0, "ended_in_title"), "Rest");
    // The notes joined a line each; only a cell's start is read as a formula.
    assert_eq!(field(0, "notes"), format!("{NOTE}\n=1+1"));
    assert_eq!(field(1, "name"), "Yin, hips");
    assert_eq!(field(1, "utc_offset"), "-03:30");
    assert_eq!(field(1, "completed"), "false");
    assert_eq!(field(1, "paused_s"), "");
    assert_eq!(field(1, "ended"), "stopped, reached step 3 of 5");
    assert_eq!(field(2, "by_hand"), "true");
    assert_eq!(field(1, "by_hand"), "false");
    assert_eq!(field(2, "length_min"), "30.00");
}

#[test]
fn json_lines_are_the_sessions_as_stored() {
    let run = Test::new()
        .home_file("history.jsonl", &history())
        .args(["history", "export", "--format", "json"])
        .run();
    let read: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let mut stored: Vec<serde_json::Value> = history()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    // A start is written as the history writes one: UTC as +00:00, where a hand wrote Z.
    stored[2]["start"] = "2026-12-01T18:00:00+00:00".into();
    assert_eq!(read.len(), 3);
    assert_eq!(read, stored);
}

#[test]
fn since_keeps_the_sessions_of_that_day_and_after() {
    let run = Test::new()
        .home_file("history.jsonl", &history())
        .args([
            "history",
            "export",
            "--format",
            "json",
            "--since",
            "2026-11-29",
        ])
        .run();
    let routines: Vec<String> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["routine"].to_string())
        .collect();
    assert_eq!(routines, ["\"yin\"", "\"walk\""]);
    Test::new()
        .args(["history", "export", "--format", "csv", "--since", "soon"])
        .status(2)
        .stderr_has("--since takes a day: today, yesterday or a date written YYYY-MM-DD")
        .run();
}

#[test]
fn a_file_there_already_is_kept_unless_forced() {
    let test = Test::new().home_file("history.jsonl", &history());
    let out = test.dir().join("practice.ics");
    std::fs::write(&out, "mine").unwrap();
    let run = test
        .args(["history", "export", "--format", "ics", "-o"])
        .args([out.to_str().unwrap()])
        .status(2)
        .stderr_has("already exists; --force replaces it")
        .run();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    run.then()
        .args(["history", "export", "--format", "ics", "--force", "-o"])
        .args([out.to_str().unwrap()])
        .run();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR\r\n")
    );
}

/// Each event as the icalendar package reads it.
const EVENTS: &str = "import icalendar, json, sys\n\
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n\
out = []\n\
for e in cal.walk('VEVENT'):\n    \
    out.append({'uid': str(e['UID']), 'summary': str(e['SUMMARY']), \
    'description': str(e.get('DESCRIPTION', '')), 'start': e.decoded('DTSTART').isoformat(), \
    'end': e.decoded('DTEND').isoformat() if 'DTEND' in e else None, \
    'rrule': {k: [str(x) for x in v] for k, v in e.get('RRULE', {}).items()}, \
    'alarms': [{'action': str(a['ACTION']), 'trigger': str(a.decoded('TRIGGER')), 'description': str(a['DESCRIPTION'])} for a in e.walk('VALARM')]})\n\
print(json.dumps(out))";

/// Every line of a calendar file ends in CRLF and has at most 75 octets.
fn assert_lines_follow_rfc_5545(text: &str) {
    assert!(text.ends_with("\r\n"));
    for line in text.split_terminator("\r\n") {
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
}

#[test]
fn ics_reads_back_in_the_icalendar_package_with_every_session() {
    let Some(python) = python_with("icalendar") else {
        can_run(false, "Python's icalendar package");
        return;
    };
    let test = Test::new().home_file("history.jsonl", &history());
    let out = test.dir().join("practice.ics");
    let _run = test
        .args(["history", "export", "--format", "ics", "-o"])
        .args([out.to_str().unwrap()])
        .run();
    let written = std::fs::read_to_string(&out).unwrap();
    assert_lines_follow_rfc_5545(&written);
    assert!(written.contains("\r\n "), "the long summary is folded");
    let events = python_json(python, EVENTS, &out);
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 3);
    let first = &events[0];
    assert_eq!(first["summary"], long_name());
    assert_eq!(first["start"], "2026-11-28T06:10:00+00:00");
    assert_eq!(first["end"], "2026-11-28T06:30:00+00:00");
    let description = first["description"].as_str().unwrap();
    assert!(
        description.starts_with("Practiced 19m 55s of 20m: complete, 1 step skipped."),
        "{description}"
    );
    assert!(
        description.contains(&format!("\n{NOTE}\n=1+1")),
        "{description}"
    );
    assert_eq!(events[1]["summary"], "Yin, hips");
    assert_eq!(events[1]["start"], "2026-11-30T01:10:00+00:00");
    assert!(
        events[2]["description"]
            .as_str()
            .unwrap()
            .contains("complete, added by hand.")
    );
    // A UID for each session, the same when exported again.
    let uids: std::collections::BTreeSet<&str> =
        events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    assert_eq!(uids.len(), 3);
    let again = Test::new()
        .home_file("history.jsonl", &history())
        .args(["history", "export", "--format", "ics"])
        .run();
    assert_eq!(again.stdout, written);
}

#[test]
fn a_daily_reminder_is_an_event_that_recurs_with_an_alarm_at_its_start() {
    let Some(python) = python_with("icalendar") else {
        can_run(false, "Python's icalendar package");
        return;
    };
    let test = Test::new();
    let out = test.dir().join("practice.ics");
    let _run = test
        .args([
            "remind",
            "--daily",
            "07:30",
            "--routine",
            "constructive-rest",
            "-o",
        ])
        .args([out.to_str().unwrap()])
        .stdout_has("delete the event")
        .run();
    let written = std::fs::read_to_string(&out).unwrap();
    assert_lines_follow_rfc_5545(&written);
    let events = python_json(python, EVENTS, &out);
    let [event] = events.as_array().unwrap().as_slice() else {
        panic!("one event: {events}");
    };
    assert_eq!(event["rrule"]["FREQ"][0], "DAILY");
    assert!(
        event["start"].as_str().unwrap().ends_with("T07:30:00"),
        "{event}"
    );
    assert_eq!(event["summary"], "Practice: Constructive Rest");
    let [alarm] = event["alarms"].as_array().unwrap().as_slice() else {
        panic!("one alarm: {event}");
    };
    assert_eq!(alarm["action"], "DISPLAY");
    assert_eq!(alarm["trigger"], "0:00:00");
    assert!(
        alarm["description"]
            .as_str()
            .unwrap()
            .contains("psoas-timer constructive-rest")
    );
}

#[test]
fn a_time_of_day_that_is_not_one_is_refused_in_the_one_wording() {
    for wrong in ["7.30", "25:00"] {
        Test::new()
            .args(["remind", "--daily", wrong])
            .status(2)
            .stderr_has(&format!(
                "--daily takes a time of day written HH:MM, from 00:00 to 23:59, like 07:30, not `{wrong}`"
            ))
            .run();
    }
}

#[test]
fn a_reminder_is_only_for_a_routine_there_is() {
    Test::new()
        .args([
            "remind",
            "--daily",
            "07:30",
            "--routine",
            "constructiv-rest",
        ])
        .status(4)
        .stderr_has("no routine is called `constructiv-rest`; did you mean `constructive-rest`?")
        .run();
}

#[cfg(target_os = "linux")]
#[test]
fn a_systemd_reminder_is_written_started_and_removed_with_nothing_else() {
    use crate::common::make_executable;

    let test = Test::new();
    let dir = test.dir();
    let config = dir.join("config");
    let units = config.join("systemd/user");
    // A systemctl that writes down what it was asked, in place of the real one.
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let asked = dir.join("asked");
    let fake = bin.join("systemctl");
    std::fs::write(
        &fake,
        format!("#!/bin/sh\necho \"$*\" >> '{}'\n", asked.display()),
    )
    .unwrap();
    make_executable(&fake);
    std::fs::create_dir_all(&units).unwrap();
    std::fs::write(
        units.join("mine.service"),
        "[Service]\nExecStart=/bin/true\n",
    )
    .unwrap();
    let run = test
        .env("XDG_CONFIG_HOME", &config)
        .env("PATH", &bin)
        .args([
            "remind",
            "--daily",
            "21:05",
            "--systemd",
            "--routine",
            "psoas-yin",
        ])
        .stdout_has("notify-send is not installed")
        .stdout_has("psoas-timer remind --remove")
        .run();
    let service = std::fs::read_to_string(units.join("psoas-timer-remind.service")).unwrap();
    let timer = std::fs::read_to_string(units.join("psoas-timer-remind.timer")).unwrap();
    assert!(timer.contains("OnCalendar=*-*-* 21:05:00\n"), "{timer}");
    assert!(
        service.contains("type: psoas-timer psoas-yin\""),
        "{service}"
    );
    assert_eq!(
        std::fs::read_to_string(&asked).unwrap(),
        "--user daemon-reload\n--user enable --now psoas-timer-remind.timer\n"
    );
    let analyze = Path::new("/usr/bin/systemd-analyze");
    if can_run(analyze.exists(), "systemd-analyze") {
        let verified = Command::new(analyze)
            .args(["verify", "--man=no"])
            .arg(units.join("psoas-timer-remind.timer"))
            .arg(units.join("psoas-timer-remind.service"))
            .env("XDG_CONFIG_HOME", &config)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&verified.stderr);
        assert!(
            verified.status.success() && !said.contains("psoas-timer-remind"),
            "{said}"
        );
    }
    run.then()
        .env("XDG_CONFIG_HOME", &config)
        .env("PATH", &bin)
        .args(["remind", "--remove"])
        .stdout_has("Removed")
        .run();
    let left: Vec<String> = std::fs::read_dir(&units)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["mine.service"]);
    assert!(
        std::fs::read_to_string(&asked)
            .unwrap()
            .contains("--user disable --now psoas-timer-remind.timer\n")
    );
}
