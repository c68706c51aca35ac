// PanelStore
