//! A 200 MB evidence file is hashed with flat memory: the peak resident memory of this process
//! (VmHWM) is measured around the hash, and a control read shows the measure sees a file held
//! in memory. Alone in its own test binary, so no other test's allocations count.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

/// Peak resident memory of this process (VmHWM), in KiB.
#[cfg(target_os = "linux")]
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_200_mb_evidence_file_is_hashed_with_flat_memory() {
    const SIZE: u64 = 200 * 1024 * 1024;
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("big.bin");
    // A sparse file: 200 MiB of zeros that take no disk space.
    std::fs::File::create(&path).unwrap().set_len(SIZE).unwrap();
    let before = peak_rss_kib();
    let sha = aimscore::read::evidence::hash_file(&path).unwrap();
    let after = peak_rss_kib();
    assert_eq!(
        sha, "72abf2ca8f36943ebe2e49ca3a51d409ca5f0bfcffab6c9d25643c17c32889da",
        "the whole file was read"
    );
    eprintln!(
        "hashing 200 MiB raised the peak resident memory by {} KiB",
        after - before
    );
    assert!(
        after - before < 64 * 1024,
        "hashing 200 MiB raised peak memory by {} KiB",
        after - before
    );
    // The measurement can see a file read whole: holding 128 MiB raises the peak by as much.
    let mut held = Vec::new();
    use std::io::Read;
    std::fs::File::open(&path)
        .unwrap()
        .take(128 * 1024 * 1024)
        .read_to_end(&mut held)
        .unwrap();
    let control = peak_rss_kib();
    assert!(
        control - after > 100 * 1024,
        "VmHWM did not see 200 MiB read into memory ({} KiB)",
        control - after
    );
    assert_eq!(held.len(), 128 * 1024 * 1024);
}
