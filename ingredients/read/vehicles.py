"""The carriers and diluents a label or formula names (water, saline, ethanol...), by their
folded lookup key: the matcher reads them as vehicles, never as an agent, an excipient's
stand-in or an entry of the CosIng inventory."""

from __future__ import annotations

# Carriers and diluents: not active ingredients, so neither matched nor unmatched.
VEHICLES = frozenset(
    {
        "water",
        "aqua",
        "eau",
        "purifiedwater",
        "sterilewater",
        "waterforinjection",
        "waterforinjections",
        "bacteriostaticwater",
        "aquapurificata",
        "aquadestillata",
        "distilledwater",
        "saline",
        "normalsaline",
        "physiologicalsaline",
        "sterilesaline",
        "isotonicsaline",
        "sodiumchloride",
        "sodiumchloridesolution",
        "nacl",
        "ringerslactate",
        "ringerlactate",
        "lactatedringers",
        "ringerssolution",
        "ethanol",
        "alcohol",
        "alcoholdenat",
        "propyleneglycol",
        "glycerin",
        "glycerol",
    }
)
