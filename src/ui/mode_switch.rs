//! The mode switch: a native radio group, so arrow keys, focus and the announced state come from
//! the browser rather than from hand-written key handling.

use yew::prelude::*;

use crate::view::ViewMode;

#[derive(Properties, PartialEq)]
pub struct ModeSwitchProps {
    pub value: ViewMode,
    pub onchange: Callback<ViewMode>,
}

#[component]
pub fn ModeSwitch(props: &ModeSwitchProps) -> Html {
    html! {
        <fieldset class="mode-switch">
            <legend>{ "Mode" }</legend>
            { for ViewMode::ALL.iter().map(|&m| {
                let onchange = props.onchange.reform(move |_: Event| m);
                let id = format!("mode-{}", m.key());
                html! {
                    <span class="mode-option">
                        <input type="radio" name="mode" id={id.clone()} value={m.key()}
                            checked={props.value == m} {onchange} />
                        <label for={id}>{ m.label() }</label>
                    </span>
                }
            }) }
        </fieldset>
    }
}
