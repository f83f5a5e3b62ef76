//! An ordered parallel map with bounded memory, for portfolios of thousands of files.
//!
//! `workers` threads take items in order and compute them; the calling thread receives the
//! results in input order and consumes each at once (the portfolio writes it out). A worker
//! does not start item `i` until item `i - window` has been consumed, so at most `window`
//! results wait in memory however many items there are and whatever their order of finishing.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Condvar, Mutex, PoisonError};

struct State<T> {
    /// The next item a worker will take.
    next: usize,
    /// Items consumed so far (all below this index).
    consumed: usize,
    /// Finished items not yet consumed; `None` when the worker panicked.
    done: BTreeMap<usize, Option<T>>,
    /// Set when the consumer stops early: workers take no more items.
    stop: bool,
}

/// Computes `work(i)` for `i` in `0..n` on up to `workers` threads and hands each result to
/// `consume(i, result)` in order of `i`, on the calling thread. `consume` may return an error to
/// stop early (no new item is started; the error is returned). A panic in `work` is caught and
/// given to `consume` as `None`, so one bad item cannot hang or abort the rest.
pub fn ordered_map<T, E>(
    n: usize,
    workers: usize,
    window: usize,
    work: impl Fn(usize) -> T + Sync,
    mut consume: impl FnMut(usize, Option<T>) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
{
    let run = |i: usize| catch_unwind(AssertUnwindSafe(|| work(i))).ok();
    let workers = workers.clamp(1, n.max(1));
    if workers == 1 {
        for i in 0..n {
            consume(i, run(i))?;
        }
        return Ok(());
    }
    let window = window.max(workers);
    let state = Mutex::new(State {
        next: 0,
        consumed: 0,
        done: BTreeMap::new(),
        stop: false,
    });
    let space = Condvar::new(); // a worker may take another item
    let ready = Condvar::new(); // a result has arrived
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = {
                        let mut st = lock();
                        while !st.stop && st.next < n && st.next >= st.consumed + window {
                            st = space.wait(st).unwrap_or_else(PoisonError::into_inner);
                        }
                        if st.stop || st.next >= n {
                            return;
                        }
                        st.next += 1;
                        st.next - 1
                    };
                    let result = run(i);
                    lock().done.insert(i, result);
                    ready.notify_one();
                }
            });
        }
        let mut outcome = Ok(());
        for i in 0..n {
            let result = {
                let mut st = lock();
                loop {
                    if let Some(r) = st.done.remove(&i) {
                        st.consumed = i + 1;
                        break r;
                    }
                    st = ready.wait(st).unwrap_or_else(PoisonError::into_inner);
                }
            };
            space.notify_all();
            if let Err(e) = consume(i, result) {
                outcome = Err(e);
                break;
            }
        }
        lock().stop = true;
        space.notify_all();
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_arrive_in_order_whatever_the_finishing_order() {
        for workers in [1, 2, 4, 8] {
            let mut seen = Vec::new();
            let r: Result<(), ()> = ordered_map(
                50,
                workers,
                3,
                |i| {
                    // Early items are slow, so later ones finish first.
                    std::thread::sleep(std::time::Duration::from_micros(((50 - i) * 20) as u64));
                    i * 10
                },
                |i, v| {
                    seen.push((i, v));
                    Ok(())
                },
            );
            assert!(r.is_ok());
            let want: Vec<_> = (0..50).map(|i| (i, Some(i * 10))).collect();
            assert_eq!(seen, want, "workers {workers}");
        }
    }

    #[test]
    fn no_more_than_the_window_waits_unconsumed() {
        let started = AtomicUsize::new(0);
        let mut consumed = 0;
        let r: Result<(), ()> = ordered_map(
            200,
            2,
            4,
            |i| {
                let s = started.fetch_add(1, Ordering::SeqCst) + 1;
                (i, s)
            },
            |_, _| {
                consumed += 1;
                // Every item started so far is within the window of what was consumed.
                assert!(started.load(Ordering::SeqCst) <= consumed + 4);
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(consumed, 200);
    }

    #[test]
    fn an_error_from_the_consumer_stops_the_work() {
        let started = AtomicUsize::new(0);
        let r = ordered_map(
            10_000,
            2,
            4,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i, _| if i == 5 { Err("stop") } else { Ok(()) },
        );
        assert_eq!(r, Err("stop"));
        assert!(started.load(Ordering::SeqCst) < 20);
    }

    #[test]
    fn a_panicking_item_is_reported_and_the_others_still_run() {
        let mut seen = Vec::new();
        let r: Result<(), ()> = ordered_map(
            6,
            2,
            2,
            |i| {
                assert!(i != 3, "item 3 fails");
                i
            },
            |i, v| {
                seen.push((i, v));
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(seen[3], (3, None));
        assert_eq!(seen[5], (5, Some(5)));
    }
}
