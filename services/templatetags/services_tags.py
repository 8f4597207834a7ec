from django import template

from wangcang.personal import mask_name

register = template.Library()


@register.filter
def masked_name(value) -> str:
    """The name of an aided worker, as shown beyond staff: ``张三丰`` → ``张**``."""
    return mask_name(value)
