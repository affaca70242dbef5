//! The default plugins, one module per upstream plugin.
