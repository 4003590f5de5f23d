//! Process hardening: files born private, no core dumps that could hold a key, and the
//! terminal given back when Ctrl-C interrupts a prompt. With `store::kdf_memory`, the only
//! unsafe code of the program; one libc call per block, each with its reason.
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
        let _ = SAVED_TERMINAL.set(unsafe { settings.assume_init() });
    }
    let handler = on_interrupt as extern "C" fn(libc::c_int);
    // SAFETY: installs a handler that only makes async-signal-safe calls.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
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
