//! reviewgate watches public reviews of a service, matches each post to a customer account,
//! and gates every reply so that no disclosure of customer data slips out unchecked.

pub mod assess;
pub mod config;
pub mod customers;
pub mod discord;
pub mod extract;
pub mod http;
pub mod matching;
pub mod model;
pub mod normalize;
pub mod publish;
pub mod queue;
pub mod report;
pub mod service;
pub mod sources;
pub mod store;
