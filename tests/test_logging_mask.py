import logging

from bms_kiosk.logging_setup import NirMaskingFilter, mask_nirs

NIRS = ["184037511203367", "1 84 03 75 112 033 67", "160012A00400574", "2860713055004"]


def test_every_nir_shape_is_masked():
    for nir in NIRS:
        masked = mask_nirs(f"lecture de {nir} ok")
        assert nir not in masked
        assert "** **" in masked


def test_other_numbers_are_left_alone():
    assert mask_nirs("job 1234 in 250 ms, port 35963") == "job 1234 in 250 ms, port 35963"


def test_filter_masks_arguments_and_tracebacks(caplog):
    logger = logging.getLogger("test.mask")
    caplog.handler.addFilter(NirMaskingFilter())
    logger.warning("assuré %s", "184037511203367")
    try:
        raise ValueError("bad 212057511208830")
    except ValueError:
        logger.exception("failed")
    text = caplog.text
    assert "184037511203367" not in text and "212057511208830" not in text
    assert "1 84 ** **" in text


def test_record_factory_masks_for_every_handler(caplog):
    from bms_kiosk.logging_setup import install_record_masking

    install_record_masking()
    logging.getLogger("bms_kiosk.any").warning("nir=%s", "286071305500401")
    assert "286071305500401" not in caplog.text
