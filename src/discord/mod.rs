//! Discord: the review channel, buttons, modals, slash commands, gateway and HTTP interactions. Only this module knows serenity.
