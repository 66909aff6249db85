//! Discord: the review channel, buttons, modals, slash commands, gateway and HTTP interactions. Only this module knows serenity.

mod embed;
mod ids;
mod render;
mod respond;
mod rest;
mod signature;
mod text;
mod wire;
