//! Argon2's working memory: an anonymous private mapping, wiped and unmapped when dropped.
//! A mapping starts as zero pages, so unlike a `Vec` it needs no initialising pass over its
//! 256 MiB, and the wipe on drop is ours rather than left to the allocator. One of the two
//! places with unsafe code (with `hardening`); each call is commented.
#![allow(unsafe_code)]

use std::ptr::NonNull;

use argon2::Block;
use zeroize::Zeroize as _;

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
