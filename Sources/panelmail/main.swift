print("panelmail")
