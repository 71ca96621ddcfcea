//! The process allocator: mimalloc, except for large zero-filled blocks.
//!
//! Extraction allocates many small strings on several threads, which mimalloc serves markedly
//! faster than glibc, and its use of transparent huge pages makes sled's page table (the bulk
//! of what opening a store allocates) quicker to build. But when sled opens a store it also
//! allocates about 28 MB of zero-filled metric histograms that it never touches. glibc maps
//! such a block from the kernel, whose pages cost nothing until written; mimalloc clears it,
//! huge page by huge page: about 28 MB of resident memory and several milliseconds for every
//! command. So zero-filled blocks of `LARGE` bytes or more come from the system allocator,
//! and a small table remembers them so that they are freed there too.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Zero-filled blocks at least this big come from the system allocator.
const LARGE: usize = 256 * 1024;

/// Addresses of the blocks the system allocator made (0: a free slot). When it is full,
/// further blocks come from mimalloc: slower, never wrong.
static SYSTEM_BLOCKS: [AtomicUsize; 256] = [const { AtomicUsize::new(0) }; 256];

fn remember(ptr: *mut u8) -> bool {
    SYSTEM_BLOCKS.iter().any(|slot| slot.compare_exchange(0, ptr as usize, Ordering::AcqRel, Ordering::Relaxed).is_ok())
}

/// Forgets `ptr` if the system allocator made it; says whether it did.
fn forget(ptr: *mut u8) -> bool {
    SYSTEM_BLOCKS.iter().any(|slot| slot.compare_exchange(ptr as usize, 0, Ordering::AcqRel, Ordering::Relaxed).is_ok())
}

/// For the commands that write a whole archive (`kg ingest`, `kg import`), has mimalloc give
/// memory back to the kernel as soon as it is freed, from arenas committed on demand
/// (`mi_option_purge_delay` 0, `mi_option_arena_eager_commit` 0), unless the environment sets
/// either (`MIMALLOC_PURGE_DELAY`, `MIMALLOC_ARENA_EAGER_COMMIT`).
///
/// An ingest frees a write batch's garbage (sled keeps every leaf a transaction replaced
/// until it ends), and the search index's buffers, by the hundred megabytes; by default
/// mimalloc keeps freed pages a while, and the kernel counts them. At 30k articles this
/// lowers an ingest's peak resident memory by 10-15% at no cost in time (BENCHMARKS.md). A
/// query, whose time is mostly sled opening the store, is 20-30 ms slower with it, so the
/// other commands keep mimalloc's defaults.
///
/// Run by the first allocation, before `main`, since mimalloc makes its first arena then: the
/// command is read from `/proc/self/cmdline` and the environment with `getenv`, neither of
/// which allocates.
fn return_freed_memory() {
    use std::ffi::{c_int, c_long};
    extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
    }
    // Positions in `mi_option_e` of the mimalloc 3 that libmimalloc-sys 0.1.49 builds
    // (c_src/mimalloc/v3/include/mimalloc.h); Cargo.toml pins that version for them.
    const ARENA_EAGER_COMMIT: c_int = 4;
    const PURGE_DELAY: c_int = 15;
    if !writes_an_archive() {
        return;
    }
    for (option, var) in [(PURGE_DELAY, c"MIMALLOC_PURGE_DELAY"), (ARENA_EAGER_COMMIT, c"MIMALLOC_ARENA_EAGER_COMMIT")]
    {
        // SAFETY: getenv reads a NUL-terminated name; mi_option_set only stores the value,
        // which mimalloc reads on later calls.
        unsafe {
            if libc::getenv(var.as_ptr()).is_null() {
                mi_option_set(option, 0);
            }
        }
    }
}

/// Whether the command line names `ingest` or `import`, read into a buffer on the stack.
/// (An argument of that name elsewhere, an entity called "ingest", only tunes the allocator.)
fn writes_an_archive() -> bool {
    let mut buf = [0u8; 4096];
    // SAFETY: a NUL-terminated path; read writes at most `buf.len()` bytes into `buf`.
    let len = unsafe {
        let fd = libc::open(c"/proc/self/cmdline".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
        if fd < 0 {
            return false;
        }
        let n = libc::read(fd, buf.as_mut_ptr().cast(), buf.len());
        libc::close(fd);
        n
    };
    let Ok(len) = usize::try_from(len) else { return false };
    buf[..len].split(|&b| b == 0).skip(1).any(|arg| arg == b"ingest" || arg == b"import")
}

/// Whether `return_freed_memory` ran.
static TUNED: AtomicBool = AtomicBool::new(false);

/// Runs `return_freed_memory` at the first allocation: one relaxed load on every other.
#[inline(always)]
fn tune_once() {
    if !TUNED.load(Ordering::Relaxed) {
        tune();
    }
}

#[cold]
#[inline(never)]
fn tune() {
    // The first allocation happens before `main`, on one thread.
    TUNED.store(true, Ordering::Relaxed);
    return_freed_memory();
}

/// mimalloc, with large zero-filled blocks from the system allocator: see the module doc.
pub struct Allocator;

// SAFETY: a block is freed by the allocator that made it: blocks from the system allocator
// are exactly those in SYSTEM_BLOCKS (added when made, removed when freed or moved), and
// only blocks of at least LARGE bytes are looked up there, so mimalloc's are never mistaken.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        tune_once();
        mimalloc::MiMalloc.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        tune_once();
        if layout.size() < LARGE {
            return mimalloc::MiMalloc.alloc_zeroed(layout);
        }
        let ptr = System.alloc_zeroed(layout);
        if ptr.is_null() || remember(ptr) {
            return ptr;
        }
        // The table is full: give this block back and take one from mimalloc.
        System.dealloc(ptr, layout);
        mimalloc::MiMalloc.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() >= LARGE && forget(ptr) {
            System.dealloc(ptr, layout)
        } else {
            mimalloc::MiMalloc.dealloc(ptr, layout)
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.size() < LARGE || !SYSTEM_BLOCKS.iter().any(|slot| slot.load(Ordering::Acquire) == ptr as usize) {
            return mimalloc::MiMalloc.realloc(ptr, layout, new_size);
        }
        // A system block being resized moves to mimalloc.
        // SAFETY: the caller guarantees that `new_size`, rounded up to the alignment, does not
        // overflow isize, which is what `from_size_align_unchecked` requires.
        let new = mimalloc::MiMalloc.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
        if !new.is_null() {
            std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            forget(ptr);
            System.dealloc(ptr, layout);
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_zeroed_blocks_are_zero_and_freed_by_their_allocator() {
        let a = Allocator;
        unsafe {
            let layout = Layout::from_size_align(LARGE * 4, 8).unwrap();
            let p = a.alloc_zeroed(layout);
            assert!(!p.is_null());
            assert!(SYSTEM_BLOCKS.iter().any(|s| s.load(Ordering::Acquire) == p as usize));
            assert!((0..layout.size()).step_by(4096).all(|i| *p.add(i) == 0));
            // (Whether the slot is free again is not asserted: the other test, running
            // alongside, may get the same address from glibc right after this frees it.)
            a.dealloc(p, layout);
        }
    }

    #[test]
    fn blocks_keep_their_bytes_when_resized() {
        let a = Allocator;
        for (from, to, zeroed) in [(LARGE * 2, 16, true), (LARGE, LARGE * 3, true), (16, LARGE * 2, false)] {
            unsafe {
                let layout = Layout::from_size_align(from, 8).unwrap();
                let p = if zeroed { a.alloc_zeroed(layout) } else { a.alloc(layout) };
                assert!(!p.is_null());
                for i in 0..from.min(to) {
                    *p.add(i) = (i % 251) as u8;
                }
                let q = a.realloc(p, layout, to);
                assert!(!q.is_null());
                for i in 0..from.min(to) {
                    assert_eq!(*q.add(i), (i % 251) as u8);
                }
                a.dealloc(q, Layout::from_size_align(to, 8).unwrap());
            }
        }
    }
}
