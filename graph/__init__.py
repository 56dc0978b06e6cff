"""digestkg.graph"""
