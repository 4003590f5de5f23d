//! Process hardening at start-up: files born private, no core dumps that could hold a key.
//! The only unsafe code of the program lives here, one libc call per block.
#![allow(unsafe_code)]

/// umask 077, `RLIMIT_CORE` = 0 and, on Linux, `PR_SET_DUMPABLE` = 0 (which also keeps other
/// processes of the same user from attaching with ptrace).
pub fn harden_process() {
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
    let no_core = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: the pointer is to a valid, initialised rlimit that outlives the call.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &raw const no_core);
    }
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_DUMPABLE takes one integer argument; the call has no memory effects.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}
