"""Pictures drawn without Qt: the command line's basin-map and sweep PNGs (Pillow), and the basin colouring the
window's overlay shares with them. Nothing here imports Qt, pyqtgraph or the command line."""
