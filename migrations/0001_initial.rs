//! Schema 1, the initial layout. Nothing to convert: a store at version 1 was created so.
//!
//! | tree | key | value |
//! |---|---|---|
//! | `meta` | `schema_version`, `next_entity_id` | u32 / u64 big-endian |
//! | `articles` | article id | `ArticleRecord` |
//! | `entities` | entity id (u64 BE) | `EntityRecord` |
//! | `names` | surface form **exactly as written** | entity ids (u64 BE each) |
//! | `mentions` | entity id · article id | `MentionRecord` |
//! | `evidence` | source · relation code · target · article id | `EvidenceRecord` |
//! | `out` / `in` | source · code · target / target · code · source | empty |

/// The version this step leaves the store at.
pub const VERSION: u32 = 1;
