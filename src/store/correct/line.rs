//! A correction as one line of the corrections log file (`kg corrections export`/`import`):
//! the fields an analyst reads and writes, and the op a line stands for.

use super::*;

/// One line of an exported log.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Line {
    pub n: u64,
    pub date: String,
    pub op: String,
    pub source: String,
    pub relation: String,
    pub target: String,
    #[serde(default)]
    pub article: Option<String>,
    #[serde(default)]
    pub note: String,
    /// An assertion's evidence date, when the analyst gave one (`--date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_date: Option<String>,
    /// The source an assertion cites (`--source`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_source: Option<String>,
    /// The type an assertion gives its source, or target, when it creates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_target: Option<String>,
}

/// A log entry as a line of the corrections file (and of the JSON export).
pub fn line(n: u64, c: &Correction) -> Line {
    let (mut evidence_date, mut evidence_source) = (None, None);
    let (mut create_source, mut create_target) = (None, None);
    let (op, article) = match &c.op {
        Op::Reject { article } => ("reject", article.clone()),
        Op::Assert => ("assert", None),
        Op::AssertCited { date, article, source, create } => {
            evidence_date = Some(date.clone());
            evidence_source = source.clone();
            let name = |k: Option<u8>| k.and_then(crate::graph::EntityKind::from_code).map(|k| k.to_string());
            (create_source, create_target) = (name(create.0), name(create.1));
            ("assert", article.clone())
        }
        Op::Merge => ("merge", None),
        Op::Rename { .. } => ("rename", None),
        Op::Retype { .. } => ("retype", None),
        Op::Unmerge { .. } => ("unmerge", None),
        Op::Dismiss => ("dismiss", None),
    };
    Line {
        n,
        date: c.date.clone(),
        op: op.into(),
        source: c.source.clone(),
        relation: c.kind().map_or("-", RelationKind::as_str).into(),
        target: c.target.clone(),
        article,
        note: c.note.clone(),
        evidence_date,
        evidence_source,
        create_source,
        create_target,
    }
}

/// The op an `assert` line stands for: an assertion dated the day of the correction, or,
/// when the line gives its evidence date, article or source, one dated and cited so.
///
/// # Errors
/// A type to create that is no entity type.
pub fn assert_op(l: &Line) -> std::result::Result<Op, String> {
    let given = [&l.evidence_date, &l.article, &l.evidence_source, &l.create_source, &l.create_target];
    if given.iter().all(|f| f.is_none()) {
        return Ok(Op::Assert);
    }
    let kind =
        |k: &Option<String>| k.as_deref().map(|k| k.parse::<crate::graph::EntityKind>().map(|k| k.code())).transpose();
    Ok(Op::AssertCited {
        date: l.evidence_date.clone().unwrap_or_else(|| l.date.get(..10).unwrap_or_default().to_string()),
        article: l.article.clone(),
        source: l.evidence_source.clone(),
        create: (kind(&l.create_source)?, kind(&l.create_target)?),
    })
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

    fn entry(op: Op) -> Correction {
        Correction {
            date: "2025-03-05T09:00:00Z".into(),
            note: "a memo".into(),
            op,
            source: "Marta Lindqvist".into(),
            relation: RelationKind::AideOf.code(),
            target: "Tomas Rivera".into(),
            ids: Some((1, 2)),
            writes: Vec::new(),
            counts: Delta::default(),
            imported: false,
        }
    }

    #[test]
    fn a_cited_assertion_round_trips_and_its_head_decodes_alone() {
        let cited = Op::AssertCited {
            date: "2025-03-05".into(),
            article: Some("wire-0412".into()),
            source: Some("Reuters".into()),
            create: (None, Some(2)),
        };
        let c = entry(cited.clone());
        let bytes = codec::encode(&c);
        assert_eq!(codec::decode::<Correction>(&bytes).unwrap(), c);
        let head: Head = codec::decode(&bytes).unwrap();
        assert_eq!((head.op, head.ids), (cited, Some((1, 2))));
    }

    #[test]
    fn an_assertion_written_before_cited_ones_existed_still_decodes_as_one() {
        // `Assert` keeps its variant index: the new variant was appended after `Unmerge`.
        let c = entry(Op::Assert);
        let decoded: Correction = codec::decode(&codec::encode(&c)).unwrap();
        assert!(decoded.op.is_assert() && decoded.op == Op::Assert);
    }

    #[test]
    fn a_dismissal_is_a_line_of_its_own_and_its_entry_decodes_after_the_older_ops() {
        let mut c = entry(Op::Dismiss);
        c.relation = u8::MAX;
        let l = line(5, &c);
        assert_eq!((l.op.as_str(), l.relation.as_str()), ("dismiss", "-"));
        assert_eq!((l.source.as_str(), l.target.as_str()), ("Marta Lindqvist", "Tomas Rivera"));
        let text = serde_json::to_string(&l).unwrap();
        assert!(!text.contains("evidence_date") && !text.contains("create_"), "{text}");
        let head: Head = codec::decode(&codec::encode(&c)).unwrap();
        assert_eq!((head.op, head.source, head.target), (Op::Dismiss, c.source.clone(), c.target.clone()));
        // Appended after `AssertCited`: the variants before it keep their index.
        let cited = Op::AssertCited { date: "2025-03-05".into(), article: None, source: None, create: (None, None) };
        assert_eq!(codec::decode::<Correction>(&codec::encode(&entry(cited.clone()))).unwrap().op, cited);
    }

    #[test]
    fn a_line_without_the_new_fields_is_a_plain_assertion_and_with_them_a_cited_one() {
        let l = line(3, &entry(Op::Assert));
        assert_eq!(assert_op(&l).unwrap(), Op::Assert);
        let cited = Op::AssertCited { date: "2025-03-05".into(), article: None, source: None, create: (Some(1), None) };
        let l = line(4, &entry(cited.clone()));
        assert_eq!(assert_op(&l).unwrap(), cited);
    }
}
