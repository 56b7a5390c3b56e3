"""taizhang's screens: one Screen per module, its .tcss beside it."""
