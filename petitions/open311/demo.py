"""Open311 demo data: the demo categories are already the hub's services and the demo cases its
requests; this adds a demo API key for 晴川社区 and a few cases that came in through Open311."""

from __future__ import annotations

from sqlalchemy import select

from community.demo import DemoCity
from extensions import db
from petitions.models import Category
from petitions.open311 import incoming
from petitions.open311.keys import hash_key
from petitions.open311.models import ApiKey

# Known so that the curl examples of docs/open311.md work on `make run`; demo only, never in production.
DEMO_KEY = "l311_demo-qingchuan-not-a-secret"
DEMO_COMMUNITY = "qingchuan"


def create(city: DemoCity) -> str:
    community = city.communities[DEMO_COMMUNITY]
    key = ApiKey(community_id=community.id, key_hash=hash_key(DEMO_KEY), prefix=DEMO_KEY[:11])
    key.community = community
    db.session.add(key)
    db.session.flush()
    lighting = db.session.scalar(select(Category).where(Category.name == "路灯照明"))
    requests = [
        {"service_code": str(lighting.id), "description": "望湖路与晴川街路口的路灯整晚闪烁。",
         "lat": "30.5485", "long": "114.2950", "first_name": "赵", "last_name": "敏",
         "media_url": "https://example.org/photos/streetlight.jpg"},
        {"service_code": str(lighting.id), "description": "小区北门外两盏路灯不亮，已经一周。",
         "address_string": "晴川社区北门外", "attribute[linli_reference]": "demo-portal:0001",
         "attribute[title]": "北门外路灯不亮", "attribute[forward_note]": "社区已核实，请市级平台派单。"},
    ]
    numbers = [incoming.file_request(key, form).case.number for form in requests]
    return (f"Open311: /open311/v2/ serves the catalogue and the cases; demo API key for {DEMO_COMMUNITY}: "
            f"{DEMO_KEY} (cases {', '.join(numbers)} came in through Open311).")
