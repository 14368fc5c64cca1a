//! Body edit leases: `POST /v1/articles/{id}/lease` acquires or renews (or, for an editor,
//! takes over); `DELETE /v1/articles/{id}/lease` releases. Leases are online-only: they are not
//! operations and are never queued.
use crate::entity::{ArticleSnapshot, LeaseHolder};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LeaseRequest {
    /// Take the lease from whoever holds it (editors and admins only). The holder's text as
    /// last pushed is kept as a `take_over` revision in their name.
    pub take_over: bool,
}

/// What `POST …/lease` answers on success (renewing also answers this).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaseResponse {
    pub holder: LeaseHolder,
    /// The article as it is now, so the desk edits the newest text.
    pub article: ArticleSnapshot,
    /// The `seq` of the lease change (0 if a renewal changed nothing others need to see).
    pub seq: i64,
    pub server_time: Timestamp,
}
