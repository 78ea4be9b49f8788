//! When a host may refetch its JWKS: a cooldown between fetches and a maximum age of the keys,
//! so that tokens with random `kid`s cannot turn into a flood of outbound fetches. The host
//! passes the time in (the core reads no clock) and does the fetching.

/// Decides whether a host may refetch its identity provider's JWKS now.
///
/// Two questions, one budget: [`RefetchGate::allow_unknown_kid`] (a token was refused with
/// [`Error::UnknownKid`](crate::Error::UnknownKid): may that trigger a refetch?) and
/// [`RefetchGate::refresh_due`] (are the keys older than the maximum age?). Either says yes at
/// most once per cooldown, and a yes counts as a fetch attempt whether or not the fetch then
/// succeeds, so neither a flood of tokens naming random `kid`s nor an unreachable provider
/// makes the host fetch more than once per cooldown. Report a successful load with
/// [`RefetchGate::fetched`].
///
/// The defaults are those of panva/jose's remote JWKS: a 30 s cooldown
/// ([`RefetchGate::DEFAULT_COOLDOWN`]) and a 10 min maximum age
/// ([`RefetchGate::DEFAULT_MAX_AGE`]). Times are seconds on any clock that only moves forward
/// (Unix time, or seconds since boot); a clock that steps back restarts the cooldown and the
/// age from the new time. The gate is a plain value: share it between threads behind the
/// host's own lock.
///
/// ```
/// use idgate::RefetchGate;
/// let mut gate = RefetchGate::new();
/// assert!(gate.refresh_due(1000)); // no keys yet: fetch
/// gate.fetched(1000);
/// assert!(!gate.allow_unknown_kid(1010)); // within the cooldown: refuse the token only
/// assert!(gate.allow_unknown_kid(1030)); // one refetch...
/// assert!(!gate.allow_unknown_kid(1031)); // ...then none until the cooldown has passed again
/// assert!(gate.refresh_due(1600)); // keys 600 s old
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RefetchGate {
    cooldown: u64,
    max_age: u64,
    fetched_at: Option<u64>,
    attempted_at: Option<u64>,
}

impl Default for RefetchGate {
    fn default() -> Self {
        Self::new()
    }
}

impl RefetchGate {
    /// Seconds between two refetches: 30, as panva/jose's `cooldownDuration`.
    pub const DEFAULT_COOLDOWN: u64 = 30;

    /// Seconds after which loaded keys are refetched: 600, as panva/jose's `cacheMaxAge`.
    pub const DEFAULT_MAX_AGE: u64 = 600;

    /// A gate with the default cooldown and maximum age, and no fetch yet.
    #[must_use]
    pub const fn new() -> Self {
        RefetchGate {
            cooldown: Self::DEFAULT_COOLDOWN,
            max_age: Self::DEFAULT_MAX_AGE,
            fetched_at: None,
            attempted_at: None,
        }
    }

    /// The same gate with this cooldown, in seconds (0 lets every question through).
    #[must_use]
    pub const fn with_cooldown(mut self, seconds: u64) -> Self {
        self.cooldown = seconds;
        self
    }

    /// The same gate with this maximum age of the keys, in seconds.
    #[must_use]
    pub const fn with_max_age(mut self, seconds: u64) -> Self {
        self.max_age = seconds;
        self
    }

    /// The same gate with this state: when the keys in use were fetched and when a refetch
    /// was last allowed (as [`RefetchGate::fetched_at`] and [`RefetchGate::attempted_at`]
    /// returned them). For keeping the gate in memory of another shape, such as the C API's.
    #[must_use]
    pub const fn with_state(mut self, fetched_at: Option<u64>, attempted_at: Option<u64>) -> Self {
        self.fetched_at = fetched_at;
        self.attempted_at = attempted_at;
        self
    }

    /// The cooldown, in seconds.
    #[must_use]
    pub const fn cooldown(&self) -> u64 {
        self.cooldown
    }

    /// The maximum age of the keys, in seconds.
    #[must_use]
    pub const fn max_age(&self) -> u64 {
        self.max_age
    }

    /// When the keys in use were fetched ([`RefetchGate::fetched`]), if ever.
    #[must_use]
    pub const fn fetched_at(&self) -> Option<u64> {
        self.fetched_at
    }

    /// When a refetch was last allowed, if ever.
    #[must_use]
    pub const fn attempted_at(&self) -> Option<u64> {
        self.attempted_at
    }

    /// Records that a JWKS was fetched and loaded at `now`: the keys' age starts here, and so
    /// does the cooldown.
    pub fn fetched(&mut self, now: u64) {
        self.fetched_at = Some(now);
        self.attempted_at = Some(now);
    }

    /// A token was refused with [`Error::UnknownKid`](crate::Error::UnknownKid): may the host
    /// refetch the JWKS now? Yes if no fetch was attempted within the cooldown; a yes starts
    /// the cooldown. On no, refuse the token without fetching.
    pub fn allow_unknown_kid(&mut self, now: u64) -> bool {
        self.attempt(now)
    }

    /// Are the keys due for a refresh at `now` (none fetched yet, or fetched at least the
    /// maximum age ago), and is a fetch allowed (none attempted within the cooldown)? A yes
    /// starts the cooldown. Ask before each verification, or from a timer.
    pub fn refresh_due(&mut self, now: u64) -> bool {
        let stale = match self.fetched_at {
            None => true,
            Some(at) if now < at => {
                // The clock stepped back: the age restarts from now.
                self.fetched_at = Some(now);
                false
            }
            Some(at) => now.saturating_sub(at) >= self.max_age,
        };
        stale && self.attempt(now)
    }

    /// One fetch per cooldown: true (and the cooldown restarts) if none was attempted within
    /// it.
    fn attempt(&mut self, now: u64) -> bool {
        let allowed = match self.attempted_at {
            None => true,
            Some(at) if now < at => false, // the clock stepped back: restart the cooldown
            Some(at) => now.saturating_sub(at) >= self.cooldown,
        };
        if allowed || self.attempted_at.is_some_and(|at| now < at) {
            self.attempted_at = Some(now);
        }
        allowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_of_unknown_kids_fetches_once_per_cooldown() {
        let mut gate = RefetchGate::new();
        gate.fetched(10_000);
        // 10 000 tokens with random kids over 100 s: one refetch at 30 s, 60 s and 90 s.
        let mut fetches = 0;
        for i in 0..10_000u64 {
            if gate.allow_unknown_kid(10_000 + i / 100) {
                fetches += 1;
            }
        }
        assert_eq!(fetches, 3);
        assert_eq!(gate.attempted_at(), Some(10_090));
        assert_eq!(gate.fetched_at(), Some(10_000));
    }

    #[test]
    fn first_question_is_allowed_and_failed_fetches_still_count() {
        let mut gate = RefetchGate::new().with_cooldown(5);
        assert!(gate.allow_unknown_kid(100));
        // The fetch failed (no `fetched`): the provider is not hammered.
        assert!(!gate.allow_unknown_kid(104));
        assert!(!gate.refresh_due(104));
        assert!(gate.refresh_due(105));
        assert_eq!(gate.fetched_at(), None);
    }

    #[test]
    fn max_age() {
        let mut gate = RefetchGate::new().with_max_age(60).with_cooldown(10);
        assert_eq!((gate.max_age(), gate.cooldown()), (60, 10));
        assert!(gate.refresh_due(0));
        gate.fetched(0);
        assert!(!gate.refresh_due(59));
        assert!(gate.refresh_due(60));
        // Due, but just attempted: the cooldown holds until a fetch is reported or 10 s pass.
        assert!(!gate.refresh_due(61));
        assert!(gate.refresh_due(70));
        gate.fetched(71);
        assert!(!gate.refresh_due(130));
        assert!(gate.refresh_due(131));
    }

    #[test]
    fn clock_stepping_back_restarts_from_the_new_time() {
        let mut gate = RefetchGate::new();
        gate.fetched(1_000_000);
        assert!(!gate.allow_unknown_kid(500)); // back by ~11 days
        assert!(!gate.allow_unknown_kid(529));
        assert!(gate.allow_unknown_kid(530));
        assert!(!gate.refresh_due(600)); // age restarted at 600
        assert!(!gate.refresh_due(1199));
        assert!(gate.refresh_due(1200));
    }

    #[test]
    fn state_round_trips() {
        let mut gate = RefetchGate::new().with_cooldown(7);
        gate.fetched(42);
        let copy = RefetchGate::new()
            .with_cooldown(7)
            .with_state(gate.fetched_at(), gate.attempted_at());
        assert_eq!(copy, gate);
        assert_eq!(RefetchGate::default(), RefetchGate::new());
    }
}
