//! The thin Yew adapter over the core's reducer: [`State`] behind an `Rc`, compared by identity,
//! so a view re-renders when an action produced a new state and never for a clone of the same.

use std::ops::Deref;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::{Action, State};

#[derive(Clone, Default)]
pub struct Store(Rc<State>);

impl Store {
    pub fn new(state: State) -> Self {
        Self(Rc::new(state))
    }
}

impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Store {
    type Target = State;
    fn deref(&self) -> &State {
        &self.0
    }
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self.0).clone();
        state.reduce(action);
        Rc::new(Store::new(state))
    }
}
