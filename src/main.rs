fn main() {
    webhook_vs_api::start();
}
