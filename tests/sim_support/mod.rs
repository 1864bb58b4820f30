//! Helpers shared by the native simulation tests.

use std::cell::RefCell;
use std::rc::Rc;

use webhook_vs_api::sim::{Message, Simulation};

/// Records every message the simulation creates from now on.
pub fn observe(sim: &mut Simulation) -> Rc<RefCell<Vec<Message>>> {
    let log = Rc::new(RefCell::new(Vec::new()));
    let l = log.clone();
    sim.set_message_observer(Some(Box::new(move |m: &Message| l.borrow_mut().push(*m))));
    log
}
