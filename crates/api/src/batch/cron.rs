//! Cron schedule parsing with the error texts of `github.com/robfig/cron/v3`'s `ParseStandard`
//! (what upstream CronJob validation reports).

/// Parses a standard 5-field schedule (or a descriptor such as `@hourly`); `Err` carries
/// robfig/cron's message.
pub fn parse_standard(spec: &str) -> Result<(), String> {
    if spec.is_empty() {
        return Err("empty spec string".into());
    }
    let mut spec = spec.trim();
    if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
        let i = spec
            .find(' ')
            .ok_or_else(|| format!("provided bad location {spec}: unknown time zone {spec}"))?;
        spec = spec[i..].trim();
    }
    if let Some(d) = spec.strip_prefix('@') {
        return match d {
            "yearly" | "annually" | "monthly" | "weekly" | "daily" | "midnight" | "hourly" => Ok(()),
            _ if d.starts_with("every ") => {
                let dur = &d["every ".len()..];
                if go_duration_ok(dur) {
                    Ok(())
                } else {
                    Err(format!(
                        "failed to parse duration {spec}: time: invalid duration {}",
                        crate::field::go_quote(dur)
                    ))
                }
            }
            _ => Err(format!("unrecognized descriptor: {spec}")),
        };
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "expected exactly 5 fields, found {}: [{}]",
            fields.len(),
            fields.join(" ")
        ));
    }
    let bounds: [(u32, u32, &[&str]); 5] = [
        (0, 59, &[]),
        (0, 23, &[]),
        (1, 31, &[]),
        (
            1,
            12,
            &[
                "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            ],
        ),
        (0, 6, &["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ];
    for (i, (f, (min, max, names))) in fields.iter().zip(bounds).enumerate() {
        let allow_question = i == 2 || i == 4;
        for expr in f.split(',') {
            range(expr, min, max, names, allow_question)?;
        }
    }
    Ok(())
}

fn go_duration_ok(s: &str) -> bool {
    let mut rest = s.strip_prefix(['+', '-']).unwrap_or(s);
    if rest == "0" {
        return true;
    }
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let n = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        if n == 0 {
            return false;
        }
        rest = &rest[n..];
        let unit = ["ns", "us", "µs", "ms", "s", "m", "h"]
            .into_iter()
            .find(|u| rest.starts_with(u));
        match unit {
            Some(u) => rest = &rest[u.len()..],
            None => return false,
        }
    }
    true
}

fn number(s: &str, names: &[&str], expr: &str) -> Result<u32, String> {
    if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
        return Ok(u32::try_from(i).unwrap_or(0) + if names.len() == 12 { 1 } else { 0 });
    }
    s.parse::<u32>().map_err(|_| {
        let _ = expr;
        format!(
            "failed to parse int from {s}: strconv.Atoi: parsing {}: invalid syntax",
            crate::field::go_quote(s)
        )
    })
}

fn range(expr: &str, min: u32, max: u32, names: &[&str], allow_question: bool) -> Result<(), String> {
    let (range_part, step) = match expr.split('/').collect::<Vec<_>>().as_slice() {
        [r] => (*r, None),
        [r, s] => (*r, Some(*s)),
        _ => return Err(format!("too many slashes: {expr}")),
    };
    let lo_hi: Vec<&str> = range_part.split('-').collect();
    let (start, end) = match lo_hi.as_slice() {
        ["*"] => (min, max),
        ["?"] if allow_question => (min, max),
        [a] => {
            let a = number(a, names, expr)?;
            (a, a)
        }
        [a, b] => (number(a, names, expr)?, number(b, names, expr)?),
        _ => return Err(format!("too many hyphens: {expr}")),
    };
    let end = if step.is_some() && lo_hi.len() == 1 && range_part != "*" && range_part != "?" {
        max
    } else {
        end
    };
    if let Some(s) = step {
        let s = number(s, &[], expr)?;
        if s == 0 {
            return Err(format!("step of range should be a positive number: {expr}"));
        }
    }
    if start < min {
        return Err(format!(
            "beginning of range ({start}) below minimum ({min}): {expr}"
        ));
    }
    if end > max {
        return Err(format!("end of range ({end}) above maximum ({max}): {expr}"));
    }
    if start > end {
        return Err(format!(
            "beginning of range ({start}) beyond end of range ({end}): {expr}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_standard;

    #[test]
    fn schedules() {
        for ok in [
            "*/5 * * * *",
            "0 0 * * 0",
            "@hourly",
            "15 2 1-15/2 jan-jun mon-fri",
            "0 0 ? * *",
            "@every 1h30m",
        ] {
            assert_eq!(parse_standard(ok), Ok(()), "{ok}");
        }
        assert_eq!(
            parse_standard("* * * *"),
            Err("expected exactly 5 fields, found 4: [* * * *]".into())
        );
        assert_eq!(
            parse_standard("60 * * * *"),
            Err("end of range (60) above maximum (59): 60".into())
        );
        assert_eq!(
            parse_standard("@weird"),
            Err("unrecognized descriptor: @weird".into())
        );
        assert_eq!(
            parse_standard("5-1 * * * *"),
            Err("beginning of range (5) beyond end of range (1): 5-1".into())
        );
    }
}
