// Talc in place of the default dlmalloc: the same allocations in a smaller bundle.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    webhook_vs_api::start();
}
