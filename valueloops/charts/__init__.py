"""Charts for the lessons: static data charts and :class:`~valueloops.widgets.ModelChart`
subclasses, one module per topic. Every chart has a title and axis labels with units."""
