"""Background-job handlers of the incubation base (see wangcang.jobs). Sign-in sheets are
small (one training's attendance) and are imported inside the request, so none is needed yet."""
