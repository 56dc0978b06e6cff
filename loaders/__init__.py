"""digestkg.loaders"""
