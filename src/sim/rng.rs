//! Seeded pseudo-random numbers that are bit-for-bit the same natively and in wasm32.
//!
//! xoshiro256** seeded through SplitMix64. Independent streams are derived from
//! `(seed, purpose, index)`, so the business events of client 7 never depend on network jitter,
//! the mode or how many other clients there are. Logarithms come from `libm`, whose results do not
//! depend on the platform's C library.

/// What a stream is used for; part of the key a stream is derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Business events of one client (index = client).
    Events = 1,
    /// Network latency jitter and loss.
    Network = 2,
    /// Poll phases and poll jitter.
    Polls = 3,
    /// Retry jitter of the webhook dispatcher.
    Retries = 4,
    /// Pollers' back-off after timeouts and 503s.
    Backoff = 5,
}

/// One SplitMix64 step: a good 64-bit mixer, also used to hash ids.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stateless hash of three words (used for per-event details such as the event type).
pub fn hash3(a: u64, b: u64, c: u64) -> u64 {
    let mut s = a ^ b.wrapping_mul(0xD1B5_4A32_D192_ED03);
    let x = splitmix64(&mut s);
    let mut s = x ^ c.wrapping_mul(0x8CB9_2BA7_2F3D_8DD7);
    splitmix64(&mut s)
}

/// xoshiro256**: small, fast, and reproducible everywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator seeded from one word.
    pub fn from_seed(seed: u64) -> Self {
        let mut sm = seed;
        let mut s = [0u64; 4];
        for w in &mut s {
            *w = splitmix64(&mut sm);
        }
        if s == [0; 4] {
            s[0] = 1;
        }
        Self { s }
    }

    /// The independent stream for `(seed, purpose, index)`.
    pub fn stream(seed: u64, purpose: Stream, index: u64) -> Self {
        Self::from_seed(hash3(seed, purpose as u64, index))
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform on [0, 1) with 53 bits of precision.
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Exponentially distributed with the given mean (inverse transform, `libm::log`).
    #[inline]
    pub fn exp(&mut self, mean: f64) -> f64 {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        -mean * libm::log(1.0 - self.unit())
    }

    /// Uniform integer on [0, n]; 0 when n is 0.
    #[inline]
    pub fn up_to(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        match n.checked_add(1) {
            Some(m) => ((self.next_u64() as u128 * m as u128) >> 64) as u64,
            None => self.next_u64(),
        }
    }

    /// True with probability `p`; draws nothing when `p` is 0.
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.unit() < p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let mut a = Rng::stream(42, Stream::Events, 3);
        let mut b = Rng::stream(42, Stream::Events, 3);
        let mut c = Rng::stream(42, Stream::Events, 4);
        let xs: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        let zs: Vec<u64> = (0..8).map(|_| c.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn exponential_mean_is_right() {
        let mut r = Rng::from_seed(7);
        let n = 200_000;
        let mean = (0..n).map(|_| r.exp(10.0)).sum::<f64>() / n as f64;
        assert!((mean - 10.0).abs() < 0.1, "{mean}");
    }

    #[test]
    fn up_to_stays_in_range() {
        let mut r = Rng::from_seed(1);
        for n in [0, 1, 5, u64::MAX] {
            for _ in 0..100 {
                assert!(r.up_to(n) <= n);
            }
        }
    }
}
