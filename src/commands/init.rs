use crate::cli::InitArgs;
use crate::context::Context;
use crate::context::credentials;
use crate::error::Result;
use crate::store::{DEFAULT_KDF, KdfParams, Store};

pub fn run(ctx: &Context, args: &InitArgs) -> Result<()> {
    let kdf = KdfParams {
        memory_kib: args.kdf_memory.map_or(DEFAULT_KDF.memory_kib, |mib| mib.saturating_mul(1024)),
        iterations: args.kdf_iterations.unwrap_or(DEFAULT_KDF.iterations),
        parallelism: args.kdf_parallelism.unwrap_or(DEFAULT_KDF.parallelism),
    };
    // Refuse bad settings, a bad name and an existing store before asking for a passphrase.
    crate::store::keys::check_requested_kdf(kdf)?;
    let member = ctx.first_member()?;
    ctx.refuse_existing_store()?;
    let passphrase = credentials::for_new_store(ctx.passphrase_file.as_deref(), ctx.store()?)?;
    warn_if_short(ctx, &passphrase);
    let store = Store::create(ctx.store()?, &member, passphrase, kdf)?;
    ctx.output.note(&format!("Created a new store at {} with the member {member:?}", store.path().display()));
    Ok(())
}

pub fn warn_if_short(ctx: &Context, passphrase: &crate::store::Passphrase) {
    if passphrase.char_count() < 12 {
        ctx.output.warn("the passphrase is shorter than 12 characters; a longer one resists guessing far better");
    }
}
