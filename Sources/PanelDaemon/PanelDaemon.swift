// PanelDaemon
