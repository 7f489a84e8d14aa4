"""The published TRD staging models: Thase-Rush, MGH-S, Maudsley (MSM) and DM-TRD (inputs only)."""
