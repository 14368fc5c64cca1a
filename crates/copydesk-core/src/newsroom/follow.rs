//! The newsroom follower: what keeps a connected desk in step while the app is open. One
//! thread keeps a long poll open (`sync_newsroom_waiting`: push what waits, then wait for news)
//! and backs off while the server cannot be reached; another pushes the moment this desk makes
//! a change (its change listener pokes it) and renews the body leases the desk holds. Both
//! announce `Change::NewsroomStatus` whenever the link, the queue or the last error changes.
use super::HeldLease;
use crate::change::Change;
use crate::desk::Desk;
use crate::error::{ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{mpsc, Arc, Condvar, Mutex, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The leases this desk holds, by article.
pub type HeldLeases = HashMap<crate::article::ArticleId, HeldLease>;

/// How a desk stands with its newsroom right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum NewsroomLink {
    /// In step, waiting for news.
    Online,
    /// Sending this desk's changes or catching up.
    Syncing,
    /// The server cannot be reached; changes wait in the queue.
    Offline,
    /// The session ended (signed out, expired, revoked): sign in again; changes wait.
    SignedOut,
}

/// What the follower last announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewsroomActivity {
    pub link: NewsroomLink,
    /// Changes waiting to go to the server.
    pub pending: u32,
    pub last_error: Option<String>,
}

/// How the follower paces itself.
#[derive(Debug, Clone, Copy)]
pub struct FollowOptions {
    /// How long each long poll waits for news (the server holds at most 30 s).
    pub wait: Duration,
    /// The first wait after the server could not be reached; doubled each time after.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for FollowOptions {
    fn default() -> Self {
        FollowOptions {
            wait: Duration::from_secs(20),
            first_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
        }
    }
}

#[derive(Default)]
struct Flags {
    stop: bool,
    /// A local change: push now.
    push: bool,
    /// The server answered again: the poller stops backing off.
    poll: bool,
}

struct Shared {
    flags: Mutex<Flags>,
    wake: Condvar,
    last: Mutex<Option<NewsroomActivity>>,
}

impl Shared {
    fn flags(&self) -> std::sync::MutexGuard<'_, Flags> {
        self.flags.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn stopped(&self) -> bool {
        self.flags().stop
    }

    /// Waits until `ready` says so, the follower stops, or `timeout` passes; true if stopped.
    fn wait(&self, timeout: Duration, ready: impl Fn(&mut Flags) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut flags = self.flags();
        loop {
            if flags.stop {
                return true;
            }
            if ready(&mut flags) {
                return false;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            flags = self
                .wake
                .wait_timeout(flags, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn poke(&self, set: impl FnOnce(&mut Flags)) {
        set(&mut self.flags());
        self.wake.notify_all();
    }

    /// Announces the activity if it differs from the last one announced.
    fn report(&self, desk: &Desk, activity: NewsroomActivity) {
        {
            let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
            if last.as_ref() == Some(&activity) {
                return;
            }
            *last = Some(activity.clone());
        }
        *desk
            .newsroom_activity
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(activity.clone());
        desk.announce(Change::NewsroomStatus {
            link: activity.link,
            pending: activity.pending,
            last_error: activity.last_error,
        });
    }
}

/// The running follower ([`Desk::follow_newsroom`]); dropping it stops it. A long poll in
/// flight cannot be cut short: its thread ends when that request does (within `wait`) and
/// starts nothing after.
pub struct NewsroomFollow {
    shared: Arc<Shared>,
    poller: Option<(JoinHandle<()>, mpsc::Receiver<()>)>,
    pusher: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for NewsroomFollow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewsroomFollow").finish_non_exhaustive()
    }
}

impl NewsroomFollow {
    /// What the follower last announced (`None` before its first round).
    pub fn activity(&self) -> Option<NewsroomActivity> {
        self.shared
            .last
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for NewsroomFollow {
    fn drop(&mut self) {
        self.shared.poke(|f| f.stop = true);
        if let Some(pusher) = self.pusher.take() {
            let _ = pusher.join();
        }
        if let Some((poller, done)) = self.poller.take() {
            // Between polls it ends at once; inside one, it is left to finish on its own.
            if done.recv_timeout(Duration::from_millis(500)).is_ok() {
                let _ = poller.join();
            }
        }
    }
}

/// What an error means for the link.
fn link_for(code: ErrorCode) -> NewsroomLink {
    match code {
        ErrorCode::Unauthorised => NewsroomLink::SignedOut,
        _ => NewsroomLink::Offline,
    }
}

impl Desk {
    /// Keeps this connected desk in step with its newsroom in the background until the
    /// handle is dropped: a long poll for news, an immediate push after each change made
    /// here, backing off (`first_backoff` doubling to `max_backoff`) while the server cannot be
    /// reached, and renewing held body leases at a third of their time.
    pub fn follow_newsroom(self: &Arc<Self>, options: FollowOptions) -> Result<NewsroomFollow> {
        let shared = Arc::new(Shared {
            flags: Mutex::new(Flags::default()),
            wake: Condvar::new(),
            last: Mutex::new(None),
        });
        // Any change may be a local write with an operation to send; the pusher looks.
        let weak_shared = Arc::downgrade(&shared);
        self.on_change(move |change| {
            if matches!(
                change,
                Change::NewsroomStatus { .. }
                    | Change::LeaseChanged { .. }
                    | Change::NewsroomRefused { .. }
                    | Change::PublicationRecorded { .. }
            ) {
                return;
            }
            if let Some(shared) = weak_shared.upgrade() {
                shared.poke(|f| f.push = true);
            }
        });
        let (done_tx, done) = mpsc::channel();
        let poller = {
            let (desk, shared) = (Arc::downgrade(self), shared.clone());
            std::thread::Builder::new()
                .name("newsroom-poll".into())
                .spawn(move || {
                    poll_loop(&desk, &shared, options);
                    let _ = done_tx.send(());
                })
                .map_err(|e| crate::error::Error::io("cannot start the newsroom follower", e))?
        };
        let pusher = {
            let (desk, shared) = (Arc::downgrade(self), shared.clone());
            std::thread::Builder::new()
                .name("newsroom-push".into())
                .spawn(move || push_loop(&desk, &shared))
                .map_err(|e| crate::error::Error::io("cannot start the newsroom follower", e))?
        };
        Ok(NewsroomFollow {
            shared,
            poller: Some((poller, done)),
            pusher: Some(pusher),
        })
    }
}

fn poll_loop(desk: &Weak<Desk>, shared: &Shared, options: FollowOptions) {
    let mut backoff = options.first_backoff;
    // After a start or a failure, a round that does not wait: the badge shows online as soon
    // as the server answers, not after the first long poll ends.
    let mut in_step = false;
    while !shared.stopped() {
        let Some(desk) = desk.upgrade() else { return };
        let pending = desk.pending_ops().unwrap_or(0);
        if pending > 0 {
            shared.report(
                &desk,
                NewsroomActivity {
                    link: NewsroomLink::Syncing,
                    pending,
                    last_error: None,
                },
            );
        }
        let round = if in_step {
            desk.sync_newsroom_waiting(options.wait)
        } else {
            desk.sync_newsroom()
        };
        in_step = round.is_ok();
        if shared.stopped() {
            return;
        }
        let pending = desk.pending_ops().unwrap_or(pending);
        let pause = match round {
            Ok(_) => {
                backoff = options.first_backoff;
                shared.report(
                    &desk,
                    NewsroomActivity {
                        link: NewsroomLink::Online,
                        pending,
                        last_error: None,
                    },
                );
                None
            }
            Err(e) => {
                tracing::info!("newsroom: {e}");
                shared.report(
                    &desk,
                    NewsroomActivity {
                        link: link_for(e.code()),
                        pending,
                        last_error: Some(e.to_string()),
                    },
                );
                let pause = backoff;
                backoff = (backoff * 2).min(options.max_backoff);
                Some(pause)
            }
        };
        drop(desk);
        if let Some(pause) = pause {
            // A push that got through means the server is back: poll again at once.
            if shared.wait(pause, |f| std::mem::take(&mut f.poll)) {
                return;
            }
        }
    }
}

/// How long the pusher sleeps when nothing is due (a change or a renewal wakes it sooner).
const IDLE: Duration = Duration::from_secs(60);

fn push_loop(desk: &Weak<Desk>, shared: &Shared) {
    let mut next_renewal: Option<Instant> = None;
    loop {
        let timeout = next_renewal.map_or(IDLE, |t| t.saturating_duration_since(Instant::now()));
        if shared.wait(timeout, |f| std::mem::take(&mut f.push)) {
            return;
        }
        let Some(desk) = desk.upgrade() else { return };
        let pending = desk.pending_ops().unwrap_or(0);
        if pending > 0 {
            shared.report(
                &desk,
                NewsroomActivity {
                    link: NewsroomLink::Syncing,
                    pending,
                    last_error: None,
                },
            );
            let activity = match desk.push_newsroom() {
                Ok(report) => {
                    shared.poke(|f| f.poll = true);
                    NewsroomActivity {
                        link: NewsroomLink::Online,
                        pending: report.pending,
                        last_error: None,
                    }
                }
                Err(e) => NewsroomActivity {
                    link: link_for(e.code()),
                    pending: desk.pending_ops().unwrap_or(pending),
                    last_error: Some(e.to_string()),
                },
            };
            shared.report(&desk, activity);
        }
        next_renewal = desk.renew_held_leases();
    }
}
