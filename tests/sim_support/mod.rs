//! Helpers shared by the native simulation tests.

// Each test file that includes this module uses some of its helpers.
#![allow(dead_code)]

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

/// Every poll sent is answered, timed out, refused or still in flight: none lost or counted twice.
pub fn assert_accounted(sim: &Simulation) {
    let c = &sim.metrics().counters;
    assert_eq!(
        c.answered + c.timed_out + c.rejected + sim.polls_in_flight(),
        c.polls_sent,
        "{c:?}"
    );
}
