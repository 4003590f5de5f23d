//! The only unsafe code of the program: the few operating-system calls Rust's standard
//! library does not offer, each in a small safe wrapper and each block with its reason.
//!
//! - Process hardening: files born private (umask 077), no core dumps that could hold a key,
//!   and `PR_SET_DUMPABLE` = 0 (which also keeps other processes of the same user from
//!   attaching with ptrace).
//! - The terminal: echo off before a prompt is printed, and given back when Ctrl-C interrupts.
//! - Argon2's working memory: an anonymous private mapping, wiped and unmapped when dropped. A
//!   mapping starts as zero pages, so unlike a `Vec` it needs no initialising pass over its
//!   256 MiB, and the wipe on drop is ours rather than left to the allocator.
#![expect(unsafe_code, reason = "this module is where the program's unsafe calls live")]

use std::ptr::NonNull;

use argon2::Block;
use zeroize::Zeroize as _;

/// The umask and core-dump limit the process started with, for `run` to hand back.
static STARTED_WITH: std::sync::OnceLock<(libc::mode_t, libc::rlimit)> = std::sync::OnceLock::new();

/// umask 077, a core-dump limit of 0 and, on Linux, `PR_SET_DUMPABLE` = 0. The hard core
/// limit is kept, so that `run` can give its command the limit it would have had.
pub fn harden_process() {
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    let umask = unsafe { libc::umask(0o077) };
    let mut core = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: the pointer is to a valid rlimit that outlives the call.
    let read = unsafe { libc::getrlimit(libc::RLIMIT_CORE, &raw mut core) } == 0;
    let no_core = libc::rlimit { rlim_cur: 0, rlim_max: if read { core.rlim_max } else { 0 } };
    // SAFETY: the pointer is to a valid, initialised rlimit that outlives the call.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &raw const no_core);
    }
    if read {
        let _ = STARTED_WITH.set((umask, core));
    }
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_DUMPABLE takes one integer argument; the call has no memory effects.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Before `run` replaces this process with its command: the umask and core-dump limit the
/// user gave revvy-apps, so that the command runs as it would have without it. (Exec itself
/// resets `PR_SET_DUMPABLE`.)
pub fn restore_for_exec() {
    let Some((umask, core)) = STARTED_WITH.get() else { return };
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(*umask);
    }
    // SAFETY: the pointer is to a valid, initialised rlimit that outlives the call.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, core);
    }
}

/// The terminal's settings from before a prompt, for the interrupt handler to put back.
static SAVED_TERMINAL: std::sync::OnceLock<libc::termios> = std::sync::OnceLock::new();

/// Ctrl-C at a prompt: put the terminal back as it was (a passphrase prompt turns echo off,
/// and dying by the signal would leave it off) and exit 130. Only async-signal-safe calls.
extern "C" fn on_interrupt(_signal: libc::c_int) {
    if let Some(saved) = SAVED_TERMINAL.get() {
        // SAFETY: `saved` is a valid termios read from this terminal; tcsetattr is
        // async-signal-safe.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, saved);
        }
    }
    // SAFETY: write(2) and _exit(2) are async-signal-safe; the buffer outlives the call.
    unsafe {
        libc::write(libc::STDERR_FILENO, b"\n".as_ptr().cast(), 1);
        libc::_exit(130);
    }
}

/// Called before a prompt: remembers the terminal's settings and makes Ctrl-C restore them.
pub fn restore_terminal_on_interrupt() {
    let mut settings = std::mem::MaybeUninit::<libc::termios>::uninit();
    // SAFETY: tcgetattr fills the termios it is given when it returns 0, and only then is it
    // read.
    if unsafe { libc::tcgetattr(libc::STDIN_FILENO, settings.as_mut_ptr()) } == 0 {
        // SAFETY: initialised by the successful tcgetattr just above.
        let _ = SAVED_TERMINAL.set(unsafe { settings.assume_init() });
    }
    let handler = on_interrupt as extern "C" fn(libc::c_int);
    // SAFETY: installs a handler that only makes async-signal-safe calls.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
    }
}

/// While a pager shows our output, Ctrl-C is the pager's (less stops a search with it): we
/// ignore it rather than exit and hand the shell a terminal the pager still reads. Called
/// after the pager is started, which therefore does not inherit the ignoring.
pub fn ignore_interrupts() {
    // SAFETY: SIG_IGN is a valid disposition for SIGINT and SIGQUIT.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        libc::signal(libc::SIGQUIT, libc::SIG_IGN);
    }
}

/// The terminal on stdin with echo off, until dropped. Made *before* a prompt is printed, as
/// readpassphrase(3) does: a program that answers as soon as it sees the prompt (expect,
/// Ansible) then never races our switch of mode. `TCSANOW`, not `TCSAFLUSH`, so nothing
/// already typed is thrown away.
pub struct EchoOff {
    saved: libc::termios,
}

impl EchoOff {
    pub fn new() -> std::io::Result<Self> {
        let mut settings = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr fills the termios it is given when it returns 0, and only then is
        // it read.
        if unsafe { libc::tcgetattr(libc::STDIN_FILENO, settings.as_mut_ptr()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: initialised by the successful tcgetattr above.
        let saved = unsafe { settings.assume_init() };
        let mut hidden = saved;
        hidden.c_lflag &= !(libc::ECHO | libc::ECHONL);
        // SAFETY: `hidden` is a valid termios that outlives the call.
        if unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &raw const hidden) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Self { saved })
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        // SAFETY: `saved` is the valid termios read from this terminal in `new`.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &raw const self.saved);
        }
    }
}

/// Argon2's working memory (see the module's first lines).
pub struct KdfMemory {
    blocks: NonNull<Block>,
    len: usize,
}

impl KdfMemory {
    /// `len` zeroed blocks, or `None` when the system refuses the mapping.
    pub fn new(len: usize) -> Option<Self> {
        let bytes = len.checked_mul(size_of::<Block>())?;
        if bytes == 0 {
            return None;
        }
        // SAFETY: a fresh private anonymous mapping; no existing memory is touched. The result
        // is checked against MAP_FAILED before use.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                bytes,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        // A mapping is page-aligned, more than `Block`'s 64-byte alignment, and all-zero bytes
        // are a valid `Block` (it is plain `u64`s).
        Some(Self { blocks: NonNull::new(ptr.cast())?, len })
    }

    pub fn as_mut_slice(&mut self) -> &mut [Block] {
        // SAFETY: `blocks` points to `len` initialised (zero) blocks that this value owns.
        unsafe { std::slice::from_raw_parts_mut(self.blocks.as_ptr(), self.len) }
    }
}

impl Drop for KdfMemory {
    fn drop(&mut self) {
        // Volatile writes: the wipe cannot be optimised away before the unmap.
        for block in self.as_mut_slice() {
            block.zeroize();
        }
        // SAFETY: unmaps exactly the mapping made in `new`, which nothing references any more.
        unsafe {
            libc::munmap(self.blocks.as_ptr().cast(), self.len * size_of::<Block>());
        }
    }
}
